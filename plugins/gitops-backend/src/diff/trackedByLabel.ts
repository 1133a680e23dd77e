import { KubernetesObject } from '@slipway/plugin-gitops-node';

/**
 * A predicate for the live objects of one application: those carrying its
 * tracking label with its value.
 */
export function trackedByLabel(
  label: string,
  value: string,
): (object: KubernetesObject) => boolean {
  return object => object.metadata.labels?.[label] === value;
}
