import { HealthStatus, SyncStatus } from '@slipway/plugin-gitops-common';
import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { StoredResource } from '../database/StatusStore';
import { diffResources, identityOf, syncStatusOf } from '../diff';
import {
  applicationHealthOf,
  assessHealth,
  assessResourceHealth,
} from '../health';
import { isTrackedBy, TrackingTarget } from '../kubernetes';
import { findApplicationVersion } from './findApplicationVersion';

/** Desired against live for one application in one environment. */
export interface EnvironmentComparison {
  syncStatus: SyncStatus;
  health: HealthStatus;
  /** Resources that differ from Git: OutOfSync, Missing or Extra. */
  driftCount: number;
  resources: StoredResource[];
  /** The version the live workloads run. */
  liveVersion?: string;
}

/**
 * Compares the rendered objects with the live ones (pure): per-resource sync
 * status with masked field changes, per-resource health, and the
 * environment's sync status and worst health. Extra objects count as drift
 * but not towards health: they are what a prune removes.
 */
export function compareEnvironment(
  desired: readonly KubernetesObject[],
  live: readonly KubernetesObject[],
  options: {
    target: TrackingTarget;
    defaultNamespace: string;
    image?: string;
    healthChecks: readonly ResourceHealthCheck[];
    /**
     * Which live objects belong to the application, so that those Git no
     * longer declares count as extra; by default Slipway's tracking labels.
     */
    isTracked?: (object: KubernetesObject) => boolean;
  },
): EnvironmentComparison {
  const diffs = diffResources([...desired], [...live], {
    isTracked:
      options.isTracked ?? (object => isTrackedBy(object, options.target)),
    defaultNamespace: options.defaultNamespace,
  });
  const liveByIdentity = new Map<string, KubernetesObject>();
  for (const object of live) {
    liveByIdentity.set(
      key(identityOf(object, options.defaultNamespace)),
      object,
    );
  }
  const desiredByIdentity = new Map<string, KubernetesObject>();
  for (const object of desired) {
    desiredByIdentity.set(
      key(identityOf(object, options.defaultNamespace)),
      object,
    );
  }

  const resources: StoredResource[] = diffs.map(diff => {
    const liveObject = liveByIdentity.get(key(diff));
    let resourceHealth: HealthStatus | undefined;
    let healthMessage: string | undefined;
    if (diff.status === 'Missing') {
      // Missing, unless it is a sync hook (hooks exist only while a sync runs them).
      const assessed = assessResourceHealth(
        { desired: desiredByIdentity.get(key(diff)) },
        options.healthChecks,
      );
      resourceHealth = assessed.status;
      healthMessage = assessed.message;
    } else if (liveObject && diff.status !== 'Extra') {
      const assessed = assessHealth(liveObject, [...options.healthChecks]);
      resourceHealth = assessed.status;
      healthMessage = assessed.message;
    }
    return {
      group: diff.group,
      kind: diff.kind,
      namespace: diff.namespace,
      name: diff.name,
      syncStatus: diff.status,
      health: resourceHealth,
      healthMessage,
      changes: diff.changes.length
        ? diff.changes.map(change => ({
            path: change.path,
            desired: change.desired,
            live: change.live,
          }))
        : undefined,
    };
  });

  // Resources without health are left out; a suspended CronJob counts as Healthy.
  const health = applicationHealthOf(resources);
  return {
    syncStatus: syncStatusOf(diffs),
    health: desired.length === 0 && live.length === 0 ? 'Missing' : health,
    driftCount: diffs.filter(diff => diff.status !== 'Synced').length,
    resources,
    liveVersion: findApplicationVersion([...live], options.image)?.version,
  };
}

function key(identity: {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return `${identity.group}/${identity.kind}/${identity.namespace ?? ''}/${
    identity.name
  }`;
}
