import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  InvalidAnnotationError,
  readApplicationAnnotations,
} from '@slipway/plugin-gitops-common';
import { GitOpsConfig, resolvePipeline } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from './GitOpsApplication';
import { readEngineObjectAnnotations } from './readEngineObjectAnnotations';

/**
 * Reads an entity as a GitOps application. Annotation problems become an
 * `InputError` (400) naming the annotation, so the caller sees what to fix.
 */
export function toGitOpsApplication(
  entity: Entity,
  config: GitOpsConfig,
): GitOpsApplication {
  try {
    const annotations = readApplicationAnnotations(entity);
    const engineObjects = readEngineObjectAnnotations(entity);
    return {
      entityRef: stringifyEntityRef(entity),
      configRepo: annotations.configRepo,
      image: annotations.image,
      environments: resolvePipeline(config, annotations),
      ...(engineObjects ? { engineObjects } : {}),
    };
  } catch (error) {
    if (error instanceof InvalidAnnotationError) {
      throw new InputError(error.message);
    }
    throw error;
  }
}
