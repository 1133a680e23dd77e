import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';

/**
 * A `supports` predicate for one kind served by any of the given API groups
 * (e.g. Deployment under `apps` and the older `extensions`).
 */
export function supportsKind(
  groups: readonly string[],
  kind: string,
): (object: Pick<KubernetesObject, 'apiVersion' | 'kind'>) => boolean {
  return object =>
    object.kind === kind && groups.includes(apiGroupOf(object.apiVersion));
}

/** A `supports` predicate for several kinds of the given API groups. */
export function supportsKinds(
  groups: readonly string[],
  kinds: readonly string[],
): (object: Pick<KubernetesObject, 'apiVersion' | 'kind'>) => boolean {
  return object =>
    kinds.includes(object.kind) &&
    groups.includes(apiGroupOf(object.apiVersion));
}
