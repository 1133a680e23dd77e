import {
  gitopsDeployPermission,
  gitopsEnvironmentProtectedPermission,
  gitopsPromotePermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
} from '@slipway/plugin-gitops-common';
import { DeliveryPermissions, PermissionState } from './useDeliveryPermissions';

/** The changes the tab offers. */
export type DeliveryAction =
  | 'deploy'
  | 'promote'
  | 'rollback'
  | 'sync'
  | 'terminate'
  | 'suspend'
  | 'resume';

type ActionPermission = Exclude<
  keyof DeliveryPermissions,
  'protectedEnvironment'
>;

// Terminate, suspend and resume steer how the cluster is brought to Git, as
// a sync does, so the backend authorises them with the sync permission.
const ACTIONS: Record<
  DeliveryAction,
  { verb: string; permission: ActionPermission; permissionName: string }
> = {
  deploy: {
    verb: 'deploy',
    permission: 'deploy',
    permissionName: gitopsDeployPermission.name,
  },
  promote: {
    verb: 'promote',
    permission: 'promote',
    permissionName: gitopsPromotePermission.name,
  },
  rollback: {
    verb: 'roll back',
    permission: 'rollback',
    permissionName: gitopsRollbackPermission.name,
  },
  sync: {
    verb: 'sync',
    permission: 'sync',
    permissionName: gitopsSyncPermission.name,
  },
  terminate: {
    verb: 'terminate syncs of',
    permission: 'sync',
    permissionName: gitopsSyncPermission.name,
  },
  suspend: {
    verb: 'suspend',
    permission: 'sync',
    permissionName: gitopsSyncPermission.name,
  },
  resume: {
    verb: 'resume',
    permission: 'sync',
    permissionName: gitopsSyncPermission.name,
  },
};

/**
 * Why the user may not run an action on an environment (the one it changes),
 * or undefined when the permissions allow it. The backend checks again; this
 * only spares the user a request that would be refused.
 */
export function permissionReason(
  action: DeliveryAction,
  environment: { name: string; protected: boolean },
  permissions: DeliveryPermissions,
): string | undefined {
  const { verb, permission, permissionName } = ACTIONS[action];
  const checks: PermissionState[] = [permissions[permission]];
  if (environment.protected) {
    checks.push(permissions.protectedEnvironment);
  }
  const failed = checks.find(check => check.error);
  if (failed?.error) {
    return `Could not check your permissions: ${failed.error.message}`;
  }
  if (checks.some(check => check.loading)) {
    return 'Checking your permissions…';
  }
  if (!permissions[permission].allowed) {
    return `You may not ${verb} this application: the ${permissionName} permission is not granted to you`;
  }
  if (environment.protected && !permissions.protectedEnvironment.allowed) {
    return `${environment.name} is protected: changing it needs the ${gitopsEnvironmentProtectedPermission.name} permission, which is not granted to you`;
  }
  return undefined;
}
