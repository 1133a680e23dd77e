import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';
import { sortForDelete } from './applyOrder';
import { isPruneDisabled, isTrackedBy, TrackingTarget } from './trackingLabels';

export const PRUNE_DISABLED_REASON = 'pruning disabled by annotation';
export const NOT_TRACKED_REASON =
  "it does not carry this application's tracking labels";

export interface PrunePlan {
  /** Live objects to delete, dependants first. */
  prune: KubernetesObject[];
  /** Live objects Git no longer declares that stay, and why. */
  skipped: Array<{ object: KubernetesObject; reason: string }>;
}

/**
 * Which live objects a prune deletes: those Git no longer declares, that
 * carry this application's tracking labels in this environment, and that
 * did not opt out. A desired object that names no namespace matches a live
 * one in `defaultNamespace`, or a cluster-scoped one: when in doubt an
 * object counts as declared, because a wrong delete costs more than a
 * leftover.
 */
export function planPrune(
  desired: readonly KubernetesObject[],
  live: readonly KubernetesObject[],
  target: TrackingTarget,
  defaultNamespace: string,
): PrunePlan {
  const declared = new Set<string>();
  const declaredWithoutNamespace = new Set<string>();
  const declaredAnyNamespace = new Set<string>();
  for (const object of desired) {
    const base = baseKey(object);
    declaredAnyNamespace.add(base);
    if (object.metadata.namespace) {
      declared.add(`${base}\u0000${object.metadata.namespace}`);
    } else {
      declaredWithoutNamespace.add(base);
    }
  }
  const isDeclared = (object: KubernetesObject) => {
    const base = baseKey(object);
    const namespace = object.metadata.namespace;
    if (!namespace) {
      return declaredAnyNamespace.has(base);
    }
    return (
      declared.has(`${base}\u0000${namespace}`) ||
      (declaredWithoutNamespace.has(base) && namespace === defaultNamespace)
    );
  };

  const prune: KubernetesObject[] = [];
  const skipped: PrunePlan['skipped'] = [];
  for (const object of sortForDelete(live)) {
    if (isDeclared(object)) {
      continue;
    }
    if (!isTrackedBy(object, target)) {
      skipped.push({ object, reason: NOT_TRACKED_REASON });
    } else if (isPruneDisabled(object)) {
      skipped.push({ object, reason: PRUNE_DISABLED_REASON });
    } else {
      prune.push(object);
    }
  }
  return { prune, skipped };
}

/** Group, kind and name: the API version does not change which object it is. */
function baseKey(object: KubernetesObject): string {
  return [
    apiGroupOf(object.apiVersion),
    object.kind,
    object.metadata.name,
  ].join('\u0000');
}
