import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';

/**
 * Which object a manifest means: group, kind, namespace and name. The API
 * version is left out because the cluster serves one object under every
 * version of its group.
 */
export interface ResourceIdentity {
  group: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** Kinds of the built-in API that have no namespace. */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

/** Whether a kind of the built-in Kubernetes API is cluster-scoped. */
export function isBuiltInClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

/**
 * The identity of an object. A namespaced object that names no namespace
 * (common in Git: the overlay or the apply sets it) is placed in
 * `defaultNamespace`.
 */
export function identityOf(
  object: KubernetesObject,
  defaultNamespace?: string,
  isClusterScoped: (
    group: string,
    kind: string,
  ) => boolean = isBuiltInClusterScoped,
): ResourceIdentity {
  const group = apiGroupOf(object.apiVersion);
  const namespace = isClusterScoped(group, object.kind)
    ? undefined
    : object.metadata.namespace || defaultNamespace || undefined;
  return { group, kind: object.kind, namespace, name: object.metadata.name };
}

/** A string that is equal for equal identities, for use as a map key. */
export function identityKey(identity: ResourceIdentity): string {
  return [
    identity.group,
    identity.kind,
    identity.namespace ?? '',
    identity.name,
  ].join('\u0000');
}

/** `apps/Deployment payments/payments-api`, `Namespace payments`. */
export function formatIdentity(identity: ResourceIdentity): string {
  const kind = identity.group
    ? `${identity.group}/${identity.kind}`
    : identity.kind;
  const name = identity.namespace
    ? `${identity.namespace}/${identity.name}`
    : identity.name;
  return `${kind} ${name}`;
}
