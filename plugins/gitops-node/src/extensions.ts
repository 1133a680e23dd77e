import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ClusterSupplier } from './clusterSuppliers';
import { ResourceHealthCheck } from './healthChecks';
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
 * Adds health checks for more kinds of object.
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
