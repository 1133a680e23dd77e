import { RenderError } from '@slipway/plugin-gitops-node';
import { fieldSpecApplies, replicasFieldSpecs } from './fieldSpecs';
import {
  hasHadName,
  isPlainObject,
  KustomizeResource,
} from './KustomizeResource';

/** The `replicas` field: sets `spec.replicas` of the named workloads. */
export function applyReplicas(
  resources: KustomizeResource[],
  replicas: { name: string; count: number }[],
  file: string,
): void {
  replicas.forEach(({ name, count }, index) => {
    let found = false;
    for (const resource of resources) {
      const { object } = resource;
      if (
        !hasHadName(resource, name) ||
        !replicasFieldSpecs.some(spec => fieldSpecApplies(spec, object))
      ) {
        continue;
      }
      found = true;
      if (!isPlainObject(object.spec)) {
        object.spec = {};
      }
      (object.spec as Record<string, unknown>).replicas = count;
    }
    if (!found) {
      throw new RenderError(
        `replicas[${index}]: no Deployment, ReplicationController, ReplicaSet or StatefulSet is named ${name}`,
        { file },
      );
    }
  });
}
