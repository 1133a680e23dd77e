/** Stands for the environment's name in the engine annotations' patterns. */
export const ENVIRONMENT_PLACEHOLDER = '{environment}';

/**
 * The name of the Argo CD `Application` or Flux `Kustomization` (and
 * `GitRepository`) that serves an application in one environment. With
 * {@link ENVIRONMENT_PLACEHOLDER} as the environment it is the pattern the
 * `slipway.dev/argocd-app` and `slipway.dev/flux-kustomization` annotations
 * carry, so the files and the annotations cannot disagree.
 */
export function engineObjectName(
  application: string,
  environment: string,
): string {
  return `${application}-${environment}`;
}
