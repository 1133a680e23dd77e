/** Where Flux's own objects live in a default installation. */
export const DEFAULT_FLUX_NAMESPACE = 'flux-system';

/** What the Flux objects of one environment are made of. */
export interface FluxManifestsOptions {
  /** Name of both the `GitRepository` and the `Kustomization`. */
  name: string;
  namespace: string;
  repoUrl: string;
  branch: string;
  /** The environment's overlay folder, relative to the repository root. */
  path: string;
  prune: boolean;
  /**
   * A Secret (in `namespace`) with the kubeconfig of the environment's
   * cluster, when Flux applies to another cluster than its own.
   */
  kubeConfigSecret?: string;
}

/**
 * A Flux `GitRepository` (source.toolkit.fluxcd.io/v1) for the config
 * repository's branch and a `Kustomization` (kustomize.toolkit.fluxcd.io/v1)
 * that applies one environment's overlay from it.
 *
 * The Kustomization sets no `targetNamespace`: that would override the
 * namespace the overlay declares, so the same environment would run in
 * another namespace under Flux than under Argo CD or Slipway, and two
 * environments sharing a cluster and a configured namespace would fight over
 * the same objects.
 */
export function fluxManifests(
  options: FluxManifestsOptions,
): [Record<string, unknown>, Record<string, unknown>] {
  const gitRepository = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: options.name, namespace: options.namespace },
    spec: {
      interval: '1m',
      url: options.repoUrl,
      ref: { branch: options.branch },
    },
  };
  const kustomization = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: options.name, namespace: options.namespace },
    spec: {
      interval: '5m',
      sourceRef: { kind: 'GitRepository', name: options.name },
      // Flux reads paths relative to the repository root, `./` first.
      path: `./${options.path}`,
      prune: options.prune,
      // Ready then means the applied objects are healthy, not only applied,
      // which is what the environment's health reports.
      wait: true,
      ...(options.kubeConfigSecret
        ? { kubeConfig: { secretRef: { name: options.kubeConfigSecret } } }
        : {}),
    },
  };
  return [gitRepository, kustomization];
}
