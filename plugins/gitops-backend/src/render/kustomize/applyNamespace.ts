import { RenderError } from '@slipway/plugin-gitops-node';
import { FieldSpec, fieldSpecApplies, visitFieldPath } from './fieldSpecs';
import {
  clusterScopedKinds,
  currentName,
  describeResource,
  gvkOf,
  isPlainObject,
  KustomizeResource,
  rememberName,
} from './KustomizeResource';

const namespaceFieldSpecs: FieldSpec[] = [
  {
    path: 'spec/service/namespace',
    group: 'apiregistration.k8s.io',
    kind: 'APIService',
    create: true,
  },
  {
    path: 'spec/conversion/webhook/clientConfig/service/namespace',
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
  },
];

/**
 * The `namespace` field: sets the namespace of every namespaced object, renames
 * `v1` Namespace objects to it, and moves role binding subjects named
 * `default` along, as Kustomize does.
 */
export function applyNamespace(
  resources: KustomizeResource[],
  namespace: string,
  file: string,
): void {
  for (const resource of resources) {
    const { object } = resource;
    rememberName(resource);
    const gvk = gvkOf(object);
    if (gvk.kind === 'Namespace' && object.apiVersion === 'v1') {
      object.metadata.name = namespace;
    }
    if (!clusterScopedKinds.has(gvk.kind)) {
      object.metadata.namespace = namespace;
    }
    if (
      (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') &&
      Array.isArray(object.subjects)
    ) {
      for (const subject of object.subjects) {
        if (isPlainObject(subject) && subject.name === 'default') {
          subject.namespace = namespace;
        }
      }
    }
    for (const spec of namespaceFieldSpecs) {
      if (fieldSpecApplies(spec, object)) {
        visitFieldPath(
          object,
          spec.path,
          { create: !!spec.create, createLeaf: () => namespace },
          (parent, key) => {
            parent[key] = namespace;
          },
        );
      }
    }
  }
  const seen = new Set<string>();
  for (const resource of resources) {
    const { name, namespace: ns } = currentName(resource);
    const id = `${resource.object.apiVersion}|${resource.object.kind}|${ns}|${name}`;
    if (seen.has(id)) {
      throw new RenderError(
        `namespace ${namespace} makes two objects the same: ${describeResource(
          resource,
        )}`,
        { file },
      );
    }
    seen.add(id);
  }
}
