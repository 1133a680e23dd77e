import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  ApplicationStatus,
  Operation,
  Page,
} from '@slipway/plugin-gitops-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { gitopsApiRef } from '../api';
import { operationProgress } from './operationProgress';
import { Reloadable, useReloadable } from './useReloadable';
import { useVisiblePolling } from './useVisiblePolling';

/** Rows per page of the history table; also what the tab reads up front. */
export const HISTORY_PAGE_SIZE = 20;

/** How often the tab refreshes while an operation it follows is moving. */
export const FAST_POLL_MS = 5_000;
/** How often the tab refreshes otherwise. */
export const SLOW_POLL_MS = 10_000;
/**
 * An operation stops counting as "in flight" this long after it was created,
 * so an environment that never becomes healthy does not keep the fast poll.
 */
const FOLLOW_FAST_FOR_MS = 15 * 60_000;

/** Everything the Deployments tab shows, refreshed by one shared poller. */
export interface Deployments {
  status: Reloadable<ApplicationStatus>;
  /** The newest page of operations of all environments. */
  operations: Reloadable<Page<Operation>>;
  /** Operations started from this tab, newest first, with their latest state. */
  followed: Operation[];
  /** Start following an operation the user just started. */
  follow(operation: Operation): void;
  /** Stop showing a followed operation's progress. */
  dismiss(operationId: string): void;
  /** Whether the poller runs at the fast rate. */
  inFlight: boolean;
}

function isUnfinished(operation: Operation): boolean {
  return operation.state === 'queued' || operation.state === 'running';
}

/**
 * The tab's data: the status and the newest operations (two requests up
 * front), refreshed every 10 s while the page is visible, every 5 s while an
 * operation is in flight, never while it is hidden.
 */
export function useDeployments(): Deployments {
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityKey = stringifyEntityRef(entity);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);

  const status = useReloadable(
    () => api.getApplicationStatus(entityRef),
    [api, entityKey],
  );
  const operations = useReloadable(
    () => api.listOperations(entityRef, { limit: HISTORY_PAGE_SIZE }),
    [api, entityKey],
  );
  const [followed, setFollowed] = useState<Operation[]>([]);

  // The operations list carries the newest state of what the tab follows.
  useEffect(() => {
    const items = operations.value?.items;
    if (!items) {
      return;
    }
    const byId = new Map(items.map(operation => [operation.id, operation]));
    setFollowed(current =>
      current.some(operation => byId.has(operation.id))
        ? current.map(operation => byId.get(operation.id) ?? operation)
        : current,
    );
  }, [operations.value]);

  const { reload: reloadStatus } = status;
  const { reload: reloadOperations } = operations;
  const refresh = useCallback(async () => {
    const listed = new Set(operations.value?.items.map(o => o.id));
    // Only an unfinished operation that fell off the first page needs
    // its own request; the others arrive with the list.
    const missing = followed.filter(
      operation => isUnfinished(operation) && !listed.has(operation.id),
    );
    const [, , ...updates] = await Promise.all([
      reloadStatus(),
      reloadOperations(),
      ...missing.map(operation =>
        api.getOperation(operation.id).catch(() => operation),
      ),
    ]);
    if (updates.length > 0) {
      const byId = new Map(
        (updates as Operation[]).map(operation => [operation.id, operation]),
      );
      setFollowed(current =>
        current.map(operation => byId.get(operation.id) ?? operation),
      );
    }
  }, [api, followed, operations.value, reloadStatus, reloadOperations]);

  const follow = useCallback(
    (operation: Operation) => {
      setFollowed(current => [
        operation,
        ...current.filter(o => o.id !== operation.id),
      ]);
      reloadStatus();
      reloadOperations();
    },
    [reloadStatus, reloadOperations],
  );

  const dismiss = useCallback((operationId: string) => {
    setFollowed(current => current.filter(o => o.id !== operationId));
  }, []);

  const inFlight = useMemo(() => {
    if (operations.value?.items.some(isUnfinished)) {
      return true;
    }
    const now = Date.now();
    return followed.some(operation => {
      if (now - Date.parse(operation.createdAt) > FOLLOW_FAST_FOR_MS) {
        return false;
      }
      const environment = status.value?.environments.find(
        e => e.name === operation.environment,
      );
      return operationProgress(operation, environment, '').phase === 'running';
    });
  }, [followed, operations.value, status.value]);

  useVisiblePolling(refresh, inFlight ? FAST_POLL_MS : SLOW_POLL_MS);

  // The backend signals every status or operation change of this entity;
  // polling above stays as the fallback where signals are not installed.
  // Only a new signal refetches; `refresh` itself changes with every poll.
  const latestRefresh = useRef(refresh);
  latestRefresh.current = refresh;
  const { lastSignal } = useSignal(`gitops:${entityKey}`);
  useEffect(() => {
    if (lastSignal) {
      latestRefresh.current().catch(() => undefined);
    }
  }, [lastSignal]);

  return { status, operations, followed, follow, dismiss, inFlight };
}
