import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ClusterSupplier } from './clusterSuppliers';
import { ResourceHealthCheck } from './healthChecks';
import { PullRequestProvider } from './pullRequests';
import { ManifestRenderer } from './renderers';

/**
 * Adds manifest renderers (e.g. Helm, or an external kustomize binary).
 *
 * @public
 */
export interface GitOpsRenderersExtensionPoint {
  addRenderer(renderer: ManifestRenderer): void;
}

/** @public */
export const gitopsRenderersExtensionPoint =
  createExtensionPoint<GitOpsRenderersExtensionPoint>({
    id: 'gitops.renderers',
  });

/**
 * Adds health checks for more kinds of object, or replaces how a kind is
 * judged: checks added here are asked before configured health scripts and
 * the built-in rules, and the first that supports an object decides (its
 * `undefined` leaves the object without health).
 *
 * @public
 */
export interface GitOpsHealthChecksExtensionPoint {
  addHealthCheck(check: ResourceHealthCheck): void;
}

/** @public */
export const gitopsHealthChecksExtensionPoint =
  createExtensionPoint<GitOpsHealthChecksExtensionPoint>({
    id: 'gitops.health-checks',
  });

/**
 * Adds sources of clusters besides the portal's configuration.
 *
 * @public
 */
export interface GitOpsClusterSuppliersExtensionPoint {
  addClusterSupplier(supplier: ClusterSupplier): void;
}

/** @public */
export const gitopsClusterSuppliersExtensionPoint =
  createExtensionPoint<GitOpsClusterSuppliersExtensionPoint>({
    id: 'gitops.cluster-suppliers',
  });

/**
 * Adds pull request providers for Git hosts besides the built-in GitHub and
 * GitLab ones (e.g. Bitbucket, Gitea). They are asked before the built-in
 * providers, so a module can also take over a host they would claim.
 *
 * @public
 */
export interface GitOpsPullRequestProvidersExtensionPoint {
  addPullRequestProvider(provider: PullRequestProvider): void;
}

/** @public */
export const gitopsPullRequestProvidersExtensionPoint =
  createExtensionPoint<GitOpsPullRequestProvidersExtensionPoint>({
    id: 'gitops.pull-request-providers',
  });
