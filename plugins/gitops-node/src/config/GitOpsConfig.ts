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
