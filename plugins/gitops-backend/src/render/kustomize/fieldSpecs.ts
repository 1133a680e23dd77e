import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { gvkOf, isPlainObject } from './KustomizeResource';

/**
 * Where a transformer writes, in Kustomize's notation: a slash-separated path
 * (`[]` marks a list) that applies to objects of the given group/version/kind
 * and may be created when missing.
 */
export interface FieldSpec {
  path: string;
  group?: string;
  version?: string;
  kind?: string;
  create?: boolean;
}

export function fieldSpecApplies(
  spec: FieldSpec,
  object: KubernetesObject,
): boolean {
  const gvk = gvkOf(object);
  return (
    (!spec.kind || spec.kind === gvk.kind) &&
    (!spec.group || spec.group === gvk.group) &&
    (!spec.version || spec.version === gvk.version)
  );
}

/**
 * Calls `visit` with the parent and key of every field the path reaches.
 * Lists along the way are entered element by element, as Kustomize does, and
 * when `create` is set the missing maps on the way are created; `createLeaf`
 * makes the final field too.
 */
export function visitFieldPath(
  object: unknown,
  path: string,
  options: { create: boolean; createLeaf?: () => unknown },
  visit: (parent: Record<string, unknown>, key: string) => void,
): void {
  walk(object, path.split('/'), options, visit);
}

function walk(
  node: unknown,
  segments: string[],
  options: { create: boolean; createLeaf?: () => unknown },
  visit: (parent: Record<string, unknown>, key: string) => void,
): void {
  if (Array.isArray(node)) {
    for (const element of node) {
      walk(element, segments, options, visit);
    }
    return;
  }
  if (!isPlainObject(node)) {
    return;
  }
  const [segment, ...rest] = segments;
  const isList = segment.endsWith('[]');
  const key = isList ? segment.slice(0, -2) : segment;
  if (rest.length === 0) {
    if (node[key] === undefined || node[key] === null) {
      if (!options.create || !options.createLeaf || isList) {
        return;
      }
      node[key] = options.createLeaf();
    }
    visit(node, key);
    return;
  }
  if (node[key] === undefined || node[key] === null) {
    if (!options.create || isList) {
      return;
    }
    node[key] = {};
  }
  walk(node[key], rest, options, visit);
}

export const commonAnnotationsFieldSpecs: FieldSpec[] = [
  { path: 'metadata/annotations', create: true },
  {
    path: 'spec/template/metadata/annotations',
    create: true,
    version: 'v1',
    kind: 'ReplicationController',
  },
  {
    path: 'spec/template/metadata/annotations',
    create: true,
    kind: 'Deployment',
  },
  {
    path: 'spec/template/metadata/annotations',
    create: true,
    kind: 'ReplicaSet',
  },
  {
    path: 'spec/template/metadata/annotations',
    create: true,
    kind: 'DaemonSet',
  },
  {
    path: 'spec/template/metadata/annotations',
    create: true,
    kind: 'StatefulSet',
  },
  {
    path: 'spec/template/metadata/annotations',
    create: true,
    group: 'batch',
    kind: 'Job',
  },
  {
    path: 'spec/jobTemplate/metadata/annotations',
    create: true,
    group: 'batch',
    kind: 'CronJob',
  },
  {
    path: 'spec/jobTemplate/spec/template/metadata/annotations',
    create: true,
    group: 'batch',
    kind: 'CronJob',
  },
];

/** Labels on objects and pod templates (`labels` with includeTemplates). */
export const templateLabelsFieldSpecs: FieldSpec[] = [
  { path: 'metadata/labels', create: true },
  {
    path: 'spec/template/metadata/labels',
    create: true,
    version: 'v1',
    kind: 'ReplicationController',
  },
  { path: 'spec/template/metadata/labels', create: true, kind: 'Deployment' },
  { path: 'spec/template/metadata/labels', create: true, kind: 'ReplicaSet' },
  { path: 'spec/template/metadata/labels', create: true, kind: 'DaemonSet' },
  {
    path: 'spec/template/metadata/labels',
    create: true,
    group: 'apps',
    kind: 'StatefulSet',
  },
  {
    path: 'spec/template/metadata/labels',
    create: true,
    group: 'batch',
    kind: 'Job',
  },
  {
    path: 'spec/jobTemplate/metadata/labels',
    create: true,
    group: 'batch',
    kind: 'CronJob',
  },
  {
    path: 'spec/jobTemplate/spec/template/metadata/labels',
    create: true,
    group: 'batch',
    kind: 'CronJob',
  },
];

const volumeClaimTemplateLabelsFieldSpecs: FieldSpec[] = [
  {
    path: 'spec/volumeClaimTemplates[]/metadata/labels',
    create: true,
    group: 'apps',
    kind: 'StatefulSet',
  },
];

const affinityPaths = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** Labels everywhere Kustomize puts `commonLabels`, selectors included. */
export const commonLabelsFieldSpecs: FieldSpec[] = [
  { path: 'spec/selector', create: true, version: 'v1', kind: 'Service' },
  {
    path: 'spec/selector',
    create: true,
    version: 'v1',
    kind: 'ReplicationController',
  },
  { path: 'spec/selector/matchLabels', create: true, kind: 'Deployment' },
  ...affinityPaths.map(path => ({ path, group: 'apps', kind: 'Deployment' })),
  { path: 'spec/selector/matchLabels', create: true, kind: 'ReplicaSet' },
  { path: 'spec/selector/matchLabels', create: true, kind: 'DaemonSet' },
  {
    path: 'spec/selector/matchLabels',
    create: true,
    group: 'apps',
    kind: 'StatefulSet',
  },
  ...affinityPaths.map(path => ({ path, group: 'apps', kind: 'StatefulSet' })),
  { path: 'spec/selector/matchLabels', group: 'batch', kind: 'Job' },
  {
    path: 'spec/jobTemplate/spec/selector/matchLabels',
    group: 'batch',
    kind: 'CronJob',
  },
  {
    path: 'spec/selector/matchLabels',
    group: 'policy',
    kind: 'PodDisruptionBudget',
  },
  {
    path: 'spec/podSelector/matchLabels',
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  },
  {
    path: 'spec/ingress/from/podSelector/matchLabels',
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  },
  {
    path: 'spec/egress/to/podSelector/matchLabels',
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  },
  ...templateLabelsFieldSpecs,
  ...volumeClaimTemplateLabelsFieldSpecs,
];

export const volumeClaimTemplateLabelFieldSpecs =
  volumeClaimTemplateLabelsFieldSpecs;

export const replicasFieldSpecs: FieldSpec[] = [
  { path: 'spec/replicas', create: true, kind: 'Deployment' },
  { path: 'spec/replicas', create: true, kind: 'ReplicationController' },
  { path: 'spec/replicas', create: true, kind: 'ReplicaSet' },
  { path: 'spec/replicas', create: true, kind: 'StatefulSet' },
];
