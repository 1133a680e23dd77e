import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { isRecord } from '../health/readField';

/** Metadata the API server sets on every object. */
const SERVER_METADATA = [
  'managedFields',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'selfLink',
] as const;

/** Written by `kubectl apply`; holds a full copy of the object, secrets included. */
export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An object without what never counts as drift: `status`, and the metadata
 * the API server or `kubectl apply` maintain. Only the levels it changes are
 * copied (the object, its metadata and annotations); everything below is
 * shared with the input, so neither may be modified afterwards.
 */
export function stripServerFields(object: KubernetesObject): KubernetesObject {
  const { status: _status, ...copy } = object;
  if (!isRecord(copy.metadata)) {
    return copy as KubernetesObject;
  }
  const metadata: Record<string, unknown> = { ...copy.metadata };
  for (const field of SERVER_METADATA) {
    delete metadata[field];
  }
  if (isRecord(metadata.annotations)) {
    const annotations = { ...metadata.annotations };
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) {
      delete metadata.annotations;
    } else {
      metadata.annotations = annotations;
    }
  }
  return { ...copy, metadata } as KubernetesObject;
}
