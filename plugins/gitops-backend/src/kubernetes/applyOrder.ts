import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';

/**
 * Built-in kinds in the order they are applied, as `group/Kind` (core group
 * empty). Helm's install order, with CustomResourceDefinitions moved right
 * after Namespaces: everything else may be a custom resource that needs
 * them. What a kind refers to comes before it (a ServiceAccount before the
 * Deployment that runs as it, a Service before the Ingress routing to it,
 * a webhook's workload before the webhook configuration that calls it).
 */
const ORDER = [
  '/Namespace',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'networking.k8s.io/NetworkPolicy',
  '/ResourceQuota',
  '/LimitRange',
  'policy/PodDisruptionBudget',
  '/ServiceAccount',
  '/Secret',
  '/ConfigMap',
  'storage.k8s.io/StorageClass',
  '/PersistentVolume',
  '/PersistentVolumeClaim',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding',
  '/Service',
  'apps/DaemonSet',
  '/Pod',
  '/ReplicationController',
  'apps/ReplicaSet',
  'apps/Deployment',
  'autoscaling/HorizontalPodAutoscaler',
  'apps/StatefulSet',
  'batch/Job',
  'batch/CronJob',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/Ingress',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
];

const RANK = new Map(ORDER.map((key, index) => [key, index]));

/** Where a kind goes in the apply order; custom resources come last. */
export function applyRankOf(
  object: Pick<KubernetesObject, 'apiVersion' | 'kind'>,
): number {
  return (
    RANK.get(`${apiGroupOf(object.apiVersion)}/${object.kind}`) ?? ORDER.length
  );
}

/**
 * Namespaces and CustomResourceDefinitions: if one fails to apply, what
 * follows in the same apply would fail with it.
 */
export function isFoundational(
  object: Pick<KubernetesObject, 'apiVersion' | 'kind'>,
): boolean {
  return applyRankOf(object) <= 1;
}

/** Objects in apply order; objects of one kind keep the order Git gave. */
export function sortForApply<
  T extends Pick<KubernetesObject, 'apiVersion' | 'kind'>,
>(objects: readonly T[]): T[] {
  return objects
    .map((object, index) => ({ object, index, rank: applyRankOf(object) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(entry => entry.object);
}

/** Objects in delete order: the reverse of apply, dependants first. */
export function sortForDelete<
  T extends Pick<KubernetesObject, 'apiVersion' | 'kind'>,
>(objects: readonly T[]): T[] {
  return sortForApply(objects).reverse();
}
