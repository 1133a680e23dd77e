import { readFileSync } from 'node:fs';

/** The real Argo CD and Flux controllers `scripts/gitops-controllers.sh start` runs. */
export interface GitOpsControllers {
  /** The cluster's kubeconfig (the same cluster as `SLIPWAY_TEST_KUBECONFIG`). */
  kubeconfig: string;
  argocdNamespace: string;
  fluxNamespace: string;
  argocdVersion: string;
  fluxVersions: string;
}

/**
 * The controllers named by `SLIPWAY_GITOPS_ENV` (the env file `start`
 * prints), or undefined. With `SLIPWAY_REQUIRE_GITOPS_CONTROLLERS` set (the
 * repository's test command sets it), their absence fails the run instead of
 * leaving the pull-model tests out.
 */
export function gitopsControllers(): GitOpsControllers | undefined {
  const file = process.env.SLIPWAY_GITOPS_ENV;
  if (!file) {
    if (process.env.SLIPWAY_REQUIRE_GITOPS_CONTROLLERS) {
      throw new Error(
        'SLIPWAY_REQUIRE_GITOPS_CONTROLLERS is set but SLIPWAY_GITOPS_ENV names no controllers (scripts/gitops-controllers.sh start <dir> prints it)',
      );
    }
    return undefined;
  }
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) {
      values.set(match[1], match[2]);
    }
  }
  const kubeconfig = values.get('KUBECONFIG');
  if (
    !kubeconfig ||
    !values.get('SLIPWAY_ARGOCD_NAMESPACE') ||
    !values.get('SLIPWAY_FLUX_NAMESPACE')
  ) {
    throw new Error(
      `${file} does not name a kubeconfig and both engines (start both: SLIPWAY_GITOPS_ENGINES="argocd flux")`,
    );
  }
  return {
    kubeconfig,
    argocdNamespace: values.get('SLIPWAY_ARGOCD_NAMESPACE')!,
    fluxNamespace: values.get('SLIPWAY_FLUX_NAMESPACE')!,
    argocdVersion: values.get('SLIPWAY_ARGOCD_VERSION') ?? 'unknown',
    fluxVersions: `source-controller ${values.get(
      'SLIPWAY_FLUX_SOURCE_CONTROLLER_VERSION',
    )}, kustomize-controller ${values.get(
      'SLIPWAY_FLUX_KUSTOMIZE_CONTROLLER_VERSION',
    )}`,
  };
}
