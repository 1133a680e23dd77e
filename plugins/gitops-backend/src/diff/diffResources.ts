import { InputError } from '@backstage/errors';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { FieldChange, compareObjects } from './compareObjects';
import { maskSecretPair } from './maskSecrets';
import { normalizeLive } from './normalizeLive';
import {
  ResourceIdentity,
  formatIdentity,
  identityKey,
  identityOf,
  isBuiltInClusterScoped,
} from './resourceIdentity';
import { stripServerFields } from './stripServerFields';

/**
 * How one resource compares: `Missing` is declared in Git and absent from the
 * cluster; `Extra` is a live object of this application that Git no longer
 * declares (what a prune removes).
 */
export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra';

export interface ResourceDiff extends ResourceIdentity {
  status: ResourceSyncStatus;
  /** Field-level differences of an `OutOfSync` resource; Secret values masked. */
  changes: FieldChange[];
}

export interface DiffOptions {
  /** Tells the live objects of this application, e.g. `trackedByLabel(…)`. */
  isTracked: (live: KubernetesObject) => boolean;
  /** Namespace of desired objects that name none (the environment's). */
  defaultNamespace: string;
  /** Which kinds have no namespace; defaults to the built-in API's. */
  isClusterScoped?: (group: string, kind: string) => boolean;
}

/**
 * Compares the desired state (rendered from Git) with the live objects of
 * the cluster, one result per resource: desired resources in their order,
 * then the extra live ones. Live objects that a controller owns (ReplicaSets
 * of a Deployment, Pods of a Job) are never extra, even when they inherited
 * the tracking label, because Git never declared them. Secrets are masked
 * before they are compared, so no value of theirs can reach the result.
 */
export function diffResources(
  desired: readonly KubernetesObject[],
  live: readonly KubernetesObject[],
  options: DiffOptions,
): ResourceDiff[] {
  const isClusterScoped = options.isClusterScoped ?? isBuiltInClusterScoped;

  const liveByKey = new Map<string, KubernetesObject>();
  for (const object of live) {
    liveByKey.set(
      identityKey(identityOf(object, undefined, isClusterScoped)),
      object,
    );
  }

  const results: ResourceDiff[] = [];
  const declared = new Set<string>();
  for (const object of desired) {
    const identity = identityOf(
      object,
      options.defaultNamespace,
      isClusterScoped,
    );
    const key = identityKey(identity);
    if (declared.has(key)) {
      throw new InputError(
        `The desired state declares ${formatIdentity(identity)} more than once`,
      );
    }
    declared.add(key);

    let liveObject = liveByKey.get(key);
    if (!liveObject && !object.metadata.namespace) {
      // A custom kind we cannot tell is cluster-scoped: match it without one.
      const clusterKey = identityKey({ ...identity, namespace: undefined });
      liveObject = liveByKey.get(clusterKey);
      if (liveObject) {
        declared.add(clusterKey);
        identity.namespace = undefined;
      }
    }
    if (!liveObject) {
      results.push({ ...identity, status: 'Missing', changes: [] });
      continue;
    }
    const changes = diffObject(object, liveObject);
    results.push({
      ...identity,
      status: changes.length > 0 ? 'OutOfSync' : 'Synced',
      changes,
    });
  }

  for (const [key, object] of liveByKey) {
    if (
      !declared.has(key) &&
      options.isTracked(object) &&
      !isControlled(object)
    ) {
      results.push({
        ...identityOf(object, undefined, isClusterScoped),
        status: 'Extra',
        changes: [],
      });
    }
  }
  return results;
}

function diffObject(
  desired: KubernetesObject,
  live: KubernetesObject,
): FieldChange[] {
  const masked = maskSecretPair(desired, live);
  return compareObjects(
    stripServerFields(masked.desired),
    normalizeLive(masked.desired, masked.live),
  );
}

function isControlled(object: KubernetesObject): boolean {
  const owners = object.metadata.ownerReferences;
  return (
    Array.isArray(owners) &&
    owners.some(
      owner => typeof owner === 'object' && owner?.controller === true,
    )
  );
}
