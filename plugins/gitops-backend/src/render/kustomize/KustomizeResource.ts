import { KubernetesObject } from '@slipway/plugin-gitops-node';

/** A name and namespace a resource has carried at some point of the build. */
export interface ResourceName {
  name: string;
  namespace: string;
}

/**
 * A resource while Kustomize transforms it: the object plus what the build
 * needs to remember about it (where it came from, the names it had, whether
 * it still gets a content-hash suffix).
 */
export interface KustomizeResource {
  object: KubernetesObject;
  file: string;
  line: number;
  /** Every name/namespace the resource has had, oldest first, excluding the current one. */
  previousNames: ResourceName[];
  /** Generated ConfigMaps and Secrets get a content-hash suffix at the end of the build. */
  needsHashSuffix: boolean;
  /** Set by a `$patch: delete` patch; the resource leaves the build after its kustomization's transformers. */
  deleted?: boolean;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export function gvkOf(object: KubernetesObject): GroupVersionKind {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: object.apiVersion, kind: object.kind }
    : {
        group: object.apiVersion.slice(0, slash),
        version: object.apiVersion.slice(slash + 1),
        kind: object.kind,
      };
}

export function currentName(resource: KustomizeResource): ResourceName {
  return {
    name: resource.object.metadata.name,
    namespace: resource.object.metadata.namespace ?? '',
  };
}

/** Remembers the current name before a transformer changes it. */
export function rememberName(resource: KustomizeResource): void {
  const now = currentName(resource);
  const last = resource.previousNames[resource.previousNames.length - 1];
  if (!last || last.name !== now.name || last.namespace !== now.namespace) {
    resource.previousNames.push(now);
  }
}

// Kustomize treats an unset namespace and `default` as the same place.
function sameNamespace(a: string, b: string): boolean {
  return (a || 'default') === (b || 'default');
}

/** True when the resource has ever had this name (in this namespace, if given). */
export function hasHadName(
  resource: KustomizeResource,
  name: string,
  namespace?: string,
): boolean {
  const names = [...resource.previousNames, currentName(resource)];
  return names.some(
    n =>
      n.name === name &&
      (namespace === undefined || sameNamespace(n.namespace, namespace)),
  );
}

export function describeResource(resource: KustomizeResource): string {
  const { kind, metadata } = resource.object;
  return `${kind} ${metadata.namespace ? `${metadata.namespace}/` : ''}${
    metadata.name
  }`;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Kinds that have no namespace (Kustomize's own list). */
export const clusterScopedKinds = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'Cluster',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);
