import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Every Slipway permission is a resource permission on a catalog entity, so a
 * policy can decide per application ("owners may deploy") with the catalog's
 * permission rules.
 */
const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/**
 * Set a version in an environment's overlay.
 *
 * @public
 */
export const gitopsDeployPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'gitops.deploy',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Copy a version from one environment to the next one in the pipeline.
 *
 * @public
 */
export const gitopsPromotePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'gitops.promote',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Restore an environment's overlay as it was at an earlier revision.
 *
 * @public
 */
export const gitopsRollbackPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'gitops.rollback',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Make a cluster equal to Git for one environment (apply and optionally prune).
 *
 * @public
 */
export const gitopsSyncPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'gitops.sync',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Needed in addition to the action's own permission for any change to an
 * environment the portal marks `protected: true`.
 *
 * @public
 */
export const gitopsEnvironmentProtectedPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'gitops.environment.protected',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * All Slipway permissions, for registration with the permissions registry.
 *
 * @public
 */
export const gitopsPermissions = [
  gitopsDeployPermission,
  gitopsPromotePermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
  gitopsEnvironmentProtectedPermission,
];
