import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';

/**
 * Types the API server and controllers create, sometimes copying labels onto
 * them (Endpoints take their Service's), so that they would look like an
 * application's objects without ever being declared in Git.
 */
const GENERATED_TYPES = new Set([
  '/Endpoints',
  'discovery.k8s.io/EndpointSlice',
  '/Event',
  'events.k8s.io/Event',
  'coordination.k8s.io/Lease',
]);

/** Whether objects of a type are only ever made by the cluster itself. */
export function isGeneratedType(group: string, kind: string): boolean {
  return GENERATED_TYPES.has(`${group}/${kind}`);
}

/**
 * Whether the cluster made this object rather than someone applying it: a
 * generated type, or an object a controller owns (its owner is what Git
 * declares).
 */
export function isClusterGenerated(object: KubernetesObject): boolean {
  const group = apiGroupOf(object.apiVersion);
  if (isGeneratedType(group, object.kind)) {
    return true;
  }
  const owners = object.metadata.ownerReferences;
  return (
    Array.isArray(owners) &&
    owners.some(owner => (owner as { controller?: boolean }).controller)
  );
}
