import { ArgoCdApplication } from './ArgoCdApplication';
import {
  configLocationMatches,
  OverlayLocation,
} from './configLocationMatches';

/** The Application found for an environment, or why there is none. */
export type FoundEngineObject<T> =
  | { object: T; message?: undefined }
  | { object?: undefined; message: string };

/**
 * The Argo CD Application that serves an environment (pure): the one the
 * entity names, else the one whose source (`spec.source` or any of
 * `spec.sources`) is the environment's overlay. More than one match is an
 * error, never a guess.
 */
export function findArgoCdApplication(
  applications: readonly ArgoCdApplication[],
  wanted: {
    location: OverlayLocation;
    /** From the entity's annotation, `{environment}` already put in. */
    named?: { namespace: string; name: string };
    /** Where the instance keeps its Applications, for messages. */
    where: string;
  },
): FoundEngineObject<ArgoCdApplication> {
  if (wanted.named) {
    const { namespace, name } = wanted.named;
    const named = applications.find(
      app =>
        app.metadata.name === name &&
        (app.metadata.namespace ?? namespace) === namespace,
    );
    return named
      ? { object: named }
      : {
          message: `Argo CD has no Application ${namespace}/${name} (${wanted.where}), which the entity names`,
        };
  }
  const matching = applications.filter(app =>
    [
      ...(app.spec?.source ? [app.spec.source] : []),
      ...(app.spec?.sources ?? []),
    ].some(
      source =>
        !source.chart &&
        configLocationMatches(wanted.location, {
          url: source.repoURL,
          path: source.path,
          revision: source.targetRevision,
        }),
    ),
  );
  if (matching.length === 1) {
    return { object: matching[0] };
  }
  const where = `${wanted.location.url} path ${wanted.location.overlayPath}${
    wanted.location.branch ? ` on ${wanted.location.branch}` : ''
  }`;
  if (matching.length === 0) {
    return {
      message: `No Argo CD Application (${wanted.where}) has the source ${where}; create one, or name it with the slipway.dev/argocd-app annotation`,
    };
  }
  return {
    message: `Several Argo CD Applications have the source ${where} (${matching
      .map(app => `${app.metadata.namespace}/${app.metadata.name}`)
      .join(
        ', ',
      )}); name the one that serves this environment with the slipway.dev/argocd-app annotation`,
  };
}
