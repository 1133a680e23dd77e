import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { parseImageReference } from '../overlays/imageReference';

/** The image an application runs and its version, as rendered manifests declare them. */
export interface ApplicationVersion {
  image: string;
  /** The digest when the reference pins one, else the tag. */
  version?: string;
}

// Where pod templates live in the workload kinds that carry one.
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function containerImages(object: KubernetesObject): string[] {
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) {
    return [];
  }
  let podSpec: unknown = object;
  for (const key of path) {
    podSpec = (podSpec as Record<string, unknown> | undefined)?.[key];
  }
  const spec = podSpec as
    | { containers?: unknown; initContainers?: unknown }
    | undefined;
  const containers = [
    ...(Array.isArray(spec?.containers) ? spec!.containers : []),
    ...(Array.isArray(spec?.initContainers) ? spec!.initContainers : []),
  ];
  return containers
    .map(container => (container as { image?: unknown }).image)
    .filter((image): image is string => typeof image === 'string');
}

/**
 * The version of an application in rendered manifests: the tag (or digest) of
 * the named image, or of the first container image found when the entity
 * names none. Undefined when no workload runs the image.
 */
export function findApplicationVersion(
  objects: KubernetesObject[],
  image?: string,
): ApplicationVersion | undefined {
  for (const object of objects) {
    for (const reference of containerImages(object)) {
      const parsed = parseImageReference(reference);
      if (image === undefined || parsed.repository === image) {
        return {
          image: parsed.repository,
          version: parsed.digest ?? parsed.tag,
        };
      }
    }
  }
  return undefined;
}
