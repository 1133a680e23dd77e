import { KustomizeResource, rememberName } from './KustomizeResource';

// Kustomize leaves these names alone: they are referenced from outside the
// build (CRD names must match their group, Namespaces are shared).
const skippedKinds = new Set([
  'CustomResourceDefinition',
  'APIService',
  'Namespace',
]);

/** `namePrefix` and `nameSuffix`. References are updated at the end of the build. */
export function applyNameAffixes(
  resources: KustomizeResource[],
  prefix: string,
  suffix: string,
): void {
  for (const resource of resources) {
    const { object } = resource;
    if (skippedKinds.has(object.kind)) {
      continue;
    }
    rememberName(resource);
    object.metadata.name = `${prefix}${object.metadata.name}${suffix}`;
  }
}
