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
 * A copy of an object without what never counts as drift: `status`, and the
 * metadata the API server or `kubectl apply` maintain.
 */
export function stripServerFields(object: KubernetesObject): KubernetesObject {
  const copy = JSON.parse(JSON.stringify(object)) as KubernetesObject;
  delete copy.status;
  if (!isRecord(copy.metadata)) {
    return copy;
  }
  for (const field of SERVER_METADATA) {
    delete copy.metadata[field];
  }
  const annotations = copy.metadata.annotations;
  if (isRecord(annotations)) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) {
      delete copy.metadata.annotations;
    }
  }
  return copy;
}
