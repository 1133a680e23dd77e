import {
  gvkOf,
  KustomizeResource,
  GroupVersionKind,
} from './KustomizeResource';
import { compareCodeUnits } from '../compareCodeUnits';

// `kustomize build`'s default ("legacy") order: these kinds first, in this
// order, then every other kind, then webhook configurations last.
const orderFirst = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const orderLast = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

const typeOrder = new Map<string, number>([
  ...orderFirst.map(
    (kind, i) => [kind, i - orderFirst.length] as [string, number],
  ),
  ...orderLast.map((kind, i) => [kind, i + 1] as [string, number]),
]);

function gvkString(gvk: GroupVersionKind): string {
  return [gvk.group || '~G', gvk.version || '~V', gvk.kind || '~K'].join('_');
}

/** Compares two resources as Kustomize's legacy sort does: kind rank, then group/version/kind text, then namespace and name. */
export function compareLegacy(
  a: KustomizeResource,
  b: KustomizeResource,
): number {
  const ga = gvkOf(a.object);
  const gb = gvkOf(b.object);
  const sa = gvkString(ga);
  const sb = gvkString(gb);
  if (sa !== sb) {
    const ra = typeOrder.get(ga.kind) ?? 0;
    const rb = typeOrder.get(gb.kind) ?? 0;
    if (ra !== rb) {
      return ra - rb;
    }
    // Kustomize puts the core Namespace after Namespaces of other groups.
    if (
      ga.kind === 'Namespace' &&
      gb.kind === 'Namespace' &&
      (ga.group === '' || gb.group === '')
    ) {
      return compareCodeUnits(sb, sa);
    }
    return compareCodeUnits(sa, sb);
  }
  const ka = `${a.object.metadata.namespace || '~X'}|${
    a.object.metadata.name || '~N'
  }`;
  const kb = `${b.object.metadata.namespace || '~X'}|${
    b.object.metadata.name || '~N'
  }`;
  return compareCodeUnits(ka, kb);
}

export function legacySort(
  resources: KustomizeResource[],
): KustomizeResource[] {
  return [...resources].sort(compareLegacy);
}
