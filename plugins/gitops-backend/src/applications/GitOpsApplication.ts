import { ConfigRepoLocation } from '@slipway/plugin-gitops-common';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';

/** A catalog entity read as a GitOps application: where its manifests are and where it runs. */
export interface GitOpsApplication {
  entityRef: string;
  configRepo: ConfigRepoLocation;
  image?: string;
  /** In pipeline order. */
  environments: ApplicationEnvironment[];
  /**
   * The Argo CD Application and Flux Kustomization names the entity gives
   * (`slipway.dev/argocd-app`, `slipway.dev/flux-kustomization`), with
   * `{environment}` still in them; absent means found by repository and path.
   */
  engineObjects?: { argocdApp?: string; fluxKustomization?: string };
}
