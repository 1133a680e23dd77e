import {
  HealthStatus,
  HEALTH_STATUSES_BEST_FIRST,
  ResourceStatus,
  ResourceSyncStatus,
  SyncStatus,
} from '@slipway/plugin-gitops-common';
import { ArgoCdApplication } from './ArgoCdApplication';
import { EngineState } from './EngineState';

/** Argo CD's operation phases during which terminate has something to stop. */
export const RUNNING_OPERATION_PHASES = ['Running', 'Terminating'];

/**
 * Reads an Application's status the way Argo CD's UI does (pure): its sync
 * and health verdicts, the revision it compared and the one it last synced,
 * each managed resource, the operation under way and the conditions that
 * say why something is wrong.
 */
export function argoCdApplicationState(
  application: ArgoCdApplication,
): EngineState {
  const status = application.status ?? {};
  const operationState = status.operationState;
  const resources: ResourceStatus[] = (status.resources ?? [])
    .filter(resource => !resource.hook)
    .map(resource => ({
      group: resource.group ?? '',
      kind: resource.kind,
      namespace: resource.namespace || undefined,
      name: resource.name,
      syncStatus: resourceSyncStatus(resource),
      health: resource.health?.status
        ? healthOf(resource.health.status)
        : undefined,
      healthMessage: resource.health?.message || undefined,
    }));

  const messages: string[] = [];
  for (const condition of status.conditions ?? []) {
    // ComparisonError, SyncError, InvalidSpecError…; warnings are not failures.
    if (/Error$/.test(condition.type) && condition.message) {
      messages.push(`${condition.type}: ${condition.message}`);
    }
  }
  if (
    (operationState?.phase === 'Failed' || operationState?.phase === 'Error') &&
    operationState.message
  ) {
    messages.push(
      `Last sync ${operationState.phase.toLowerCase()}: ${
        operationState.message
      }`,
    );
  }
  if (
    operationState?.message &&
    RUNNING_OPERATION_PHASES.includes(operationState.phase ?? '')
  ) {
    // E.g. "one or more objects failed to apply… Retrying attempt #5".
    messages.push(
      `Sync ${operationState.phase!.toLowerCase()}: ${operationState.message}`,
    );
  }
  if (status.health?.message && status.health.status !== 'Healthy') {
    messages.push(status.health.message);
  }

  let operation: EngineState['operation'];
  if (
    operationState &&
    RUNNING_OPERATION_PHASES.includes(operationState.phase ?? '')
  ) {
    operation = {
      phase: operationState.phase!,
      message: operationState.message || undefined,
      startedAt: operationState.startedAt,
    };
  } else if (application.operation) {
    // Asked for, not yet picked up by the controller.
    operation = { phase: 'Pending' };
  }

  const automated = application.spec?.syncPolicy?.automated;
  return {
    object: {
      kind: 'Application',
      namespace: application.metadata.namespace ?? '',
      name: application.metadata.name,
    },
    syncStatus: syncStatusOf(status.sync?.status),
    health: status.health?.status ? healthOf(status.health.status) : 'Unknown',
    comparedRevision: status.sync?.revision || status.sync?.revisions?.[0],
    appliedRevision: appliedRevisionOf(application),
    automated: Boolean(automated) && automated?.enabled !== false,
    resources,
    liveImages: status.summary?.images,
    message: messages.length > 0 ? messages.join('; ') : undefined,
    operation,
  };
}

/** The last revision a sync applied: the finished operation's, else the history's last. */
function appliedRevisionOf(application: ArgoCdApplication): string | undefined {
  const operationState = application.status?.operationState;
  if (operationState?.phase === 'Succeeded') {
    const result = operationState.syncResult;
    const revision = result?.revision || result?.revisions?.[0];
    if (revision) {
      return revision;
    }
  }
  const history = application.status?.history ?? [];
  const last = history[history.length - 1];
  return last?.revision || last?.revisions?.[0] || undefined;
}

function resourceSyncStatus(resource: {
  status?: string;
  health?: { status?: string };
  requiresPruning?: boolean;
}): ResourceSyncStatus {
  if (resource.requiresPruning) {
    return 'Extra';
  }
  if (resource.status === 'OutOfSync') {
    return resource.health?.status === 'Missing' ? 'Missing' : 'OutOfSync';
  }
  return 'Synced';
}

function syncStatusOf(value: string | undefined): SyncStatus {
  return value === 'Synced' || value === 'OutOfSync' ? value : 'Unknown';
}

function healthOf(value: string): HealthStatus {
  return (HEALTH_STATUSES_BEST_FIRST as readonly string[]).includes(value)
    ? (value as HealthStatus)
    : 'Unknown';
}
