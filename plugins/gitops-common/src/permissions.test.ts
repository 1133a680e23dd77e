import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  gitopsDeployPermission,
  gitopsEnvironmentProtectedPermission,
  gitopsPermissions,
  gitopsPromotePermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
} from './permissions';

describe('gitopsPermissions', () => {
  it('lists the permissions DESIGN.md names, each once', () => {
    expect(gitopsPermissions.map(p => p.name)).toEqual([
      'gitops.deploy',
      'gitops.promote',
      'gitops.rollback',
      'gitops.sync',
      'gitops.environment.protected',
    ]);
    expect(gitopsPermissions).toEqual([
      gitopsDeployPermission,
      gitopsPromotePermission,
      gitopsRollbackPermission,
      gitopsSyncPermission,
      gitopsEnvironmentProtectedPermission,
    ]);
  });

  it.each(gitopsPermissions.map(p => [p.name, p] as const))(
    '%s is an update permission on catalog entities',
    (_name, permission) => {
      expect(permission.type).toBe('resource');
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
      expect(permission.resourceType).toBe('catalog-entity');
      expect(permission.attributes).toEqual({ action: 'update' });
    },
  );
});
