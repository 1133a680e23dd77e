import { EngineType } from '@slipway/plugin-gitops-common';

/**
 * One environment of the portal's pipeline, as configured under
 * `gitops.environments`, with defaults applied.
 *
 * @public
 */
export interface EnvironmentConfig {
  name: string;
  cluster: string;
  namespace?: string;
  sync: { automated: boolean; prune: boolean; selfHeal: boolean };
  promotion?: { from: string; requireHealthySource: boolean };
  changes: 'commit' | 'pull-request';
  protected: boolean;
  /** Who applies the environment. */
  engine: EngineConfig;
}

/**
 * The engine of an environment, resolved from `gitops.environments[].engine`
 * and `gitops.engines`.
 *
 * @public
 */
export interface EngineConfig {
  /** `builtin`: Slipway applies; `argocd` / `flux`: that controller does. */
  type: EngineType;
  /** `builtin`, `argocd`, `flux`, or the name of a `gitops.engines` entry. */
  name: string;
  /**
   * The cluster whose API holds the engine's objects (Argo CD
   * `Application`s, Flux `Kustomization`s): the engine entry's cluster, or
   * the environment's.
   */
  cluster: string;
  /**
   * Where those objects live: Argo CD's namespace (default `argocd`); for
   * Flux every namespace unless one is given.
   */
  namespace?: string;
}

/**
 * The `gitops` configuration block, checked and with defaults applied.
 *
 * @public
 */
export interface GitOpsConfig {
  /** In pipeline order. */
  environments: EnvironmentConfig[];
  /** Contains `{environment}`. */
  overlayPath: string;
  engine: { intervalMs: number; concurrency: number };
  webhooks: { secret?: string };
  /** External binaries that render instead of the built-in renderers. */
  render: { kustomizeCommand?: string; helmCommand?: string };
  cacheDir?: string;
}
