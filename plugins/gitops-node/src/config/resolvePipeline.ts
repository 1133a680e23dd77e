import {
  ANNOTATION_ENVIRONMENTS,
  ApplicationAnnotations,
  InvalidAnnotationError,
} from '@slipway/plugin-gitops-common';
import { EnvironmentConfig, GitOpsConfig } from './GitOpsConfig';

/**
 * One environment of one application: the portal's settings plus where its
 * overlay lives.
 *
 * @public
 */
export interface ApplicationEnvironment extends EnvironmentConfig {
  /** Overlay folder, relative to the repository root. */
  overlayPath: string;
}

/**
 * The environments an application moves through, in the portal's pipeline
 * order, with each overlay's path inside the config repo. An entity may narrow
 * the pipeline but never invent environments the portal does not configure.
 *
 * @public
 */
export function resolvePipeline(
  config: GitOpsConfig,
  annotations: ApplicationAnnotations,
): ApplicationEnvironment[] {
  const wanted = annotations.environments;
  if (wanted) {
    const unknown = wanted.filter(
      name => !config.environments.some(env => env.name === name),
    );
    if (unknown.length > 0) {
      const configured = config.environments.map(env => env.name).join(', ');
      throw new InvalidAnnotationError(
        ANNOTATION_ENVIRONMENTS,
        `${ANNOTATION_ENVIRONMENTS} names ${unknown
          .map(name => `"${name}"`)
          .join(', ')}, which the portal does not configure (configured: ${
          configured || 'none'
        })`,
      );
    }
  }
  return config.environments
    .filter(env => !wanted || wanted.includes(env.name))
    .map(env => ({
      ...env,
      overlayPath: joinRepositoryPath(
        annotations.configRepo.path,
        config.overlayPath.replace(/\{environment\}/g, env.name),
      ),
    }));
}

function joinRepositoryPath(base: string, child: string): string {
  return [base, child]
    .flatMap(part => part.split('/'))
    .filter(segment => segment !== '' && segment !== '.')
    .join('/');
}
