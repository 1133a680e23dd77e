import { RenderError } from '@slipway/plugin-gitops-node';
import { visitFieldPath } from './fieldSpecs';
import {
  clusterScopedKinds,
  currentName,
  describeResource,
  hasHadName,
  KustomizeResource,
} from './KustomizeResource';

// Fields of a pod spec that name other objects, by the kind they name.
const podSpecReferences: Record<string, string[]> = {
  ConfigMap: [
    'volumes/configMap/name',
    'volumes/projected/sources/configMap/name',
    'containers/env/valueFrom/configMapKeyRef/name',
    'initContainers/env/valueFrom/configMapKeyRef/name',
    'containers/envFrom/configMapRef/name',
    'initContainers/envFrom/configMapRef/name',
  ],
  Secret: [
    'volumes/secret/secretName',
    'volumes/projected/sources/secret/name',
    'containers/env/valueFrom/secretKeyRef/name',
    'initContainers/env/valueFrom/secretKeyRef/name',
    'containers/envFrom/secretRef/name',
    'initContainers/envFrom/secretRef/name',
    'imagePullSecrets/name',
  ],
  ServiceAccount: ['serviceAccountName'],
  PersistentVolumeClaim: ['volumes/persistentVolumeClaim/claimName'],
};

// Where each workload kind keeps its pod spec.
const podSpecPaths: Record<string, string> = {
  Pod: 'spec',
  PodTemplate: 'template/spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  ReplicationController: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  Job: 'spec/template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
};

interface Reference {
  kind: string;
  path: string;
}

function referencesOf(kind: string): Reference[] {
  const result: Reference[] = [];
  const podSpec = podSpecPaths[kind];
  if (podSpec) {
    for (const [referred, paths] of Object.entries(podSpecReferences)) {
      for (const path of paths) {
        result.push({ kind: referred, path: `${podSpec}/${path}` });
      }
    }
  }
  if (kind === 'StatefulSet') {
    result.push({ kind: 'Service', path: 'spec/serviceName' });
  }
  if (kind === 'Ingress') {
    result.push({
      kind: 'Service',
      path: 'spec/rules/http/paths/backend/service/name',
    });
    result.push({ kind: 'Service', path: 'spec/defaultBackend/service/name' });
    result.push({ kind: 'Secret', path: 'spec/tls/secretName' });
  }
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    result.push({ kind: 'Role', path: 'roleRef/name' });
    result.push({ kind: 'ClusterRole', path: 'roleRef/name' });
  }
  if (kind === 'HorizontalPodAutoscaler') {
    result.push({ kind: 'Deployment', path: 'spec/scaleTargetRef/name' });
    result.push({ kind: 'StatefulSet', path: 'spec/scaleTargetRef/name' });
  }
  return result;
}

function renamed(resource: KustomizeResource): boolean {
  const now = currentName(resource).name;
  return resource.previousNames.some(n => n.name !== now);
}

/**
 * After names changed (prefix, suffix, content hash), points every reference
 * at the object's new name, as Kustomize's name-reference transformer does.
 * A reference matches an object of the referenced kind that once had that
 * name in the referrer's namespace.
 */
export function updateNameReferences(
  resources: KustomizeResource[],
  file: string,
): void {
  const renamedByKind = new Map<string, KustomizeResource[]>();
  for (const resource of resources) {
    if (renamed(resource)) {
      const list = renamedByKind.get(resource.object.kind) ?? [];
      list.push(resource);
      renamedByKind.set(resource.object.kind, list);
    }
  }
  if (renamedByKind.size === 0) {
    return;
  }
  for (const referrer of resources) {
    const namespace = referrer.object.metadata.namespace ?? '';
    for (const reference of referencesOf(referrer.object.kind)) {
      const candidates = renamedByKind.get(reference.kind);
      if (!candidates) {
        continue;
      }
      const scoped = clusterScopedKinds.has(reference.kind);
      if (
        reference.kind === 'Role' &&
        (referrer.object.roleRef as { kind?: string })?.kind !== 'Role'
      ) {
        continue;
      }
      if (
        reference.kind === 'ClusterRole' &&
        (referrer.object.roleRef as { kind?: string })?.kind !== 'ClusterRole'
      ) {
        continue;
      }
      if (
        reference.path === 'spec/scaleTargetRef/name' &&
        (referrer.object.spec as { scaleTargetRef?: { kind?: string } })
          ?.scaleTargetRef?.kind !== reference.kind
      ) {
        continue;
      }
      visitFieldPath(
        referrer.object,
        reference.path,
        { create: false },
        (parent, key) => {
          const value = parent[key];
          if (typeof value !== 'string') {
            return;
          }
          const matches = candidates.filter(candidate =>
            hasHadName(candidate, value, scoped ? undefined : namespace),
          );
          const names = new Set(matches.map(m => m.object.metadata.name));
          if (names.size > 1) {
            throw new RenderError(
              `${describeResource(referrer)} refers to ${
                reference.kind
              } ${value}, which could be any of ${[...names].join(', ')}`,
              { file },
            );
          }
          if (matches.length > 0) {
            parent[key] = matches[0].object.metadata.name;
          }
        },
      );
    }
  }
}
