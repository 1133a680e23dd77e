import { usePermission } from '@backstage/plugin-permission-react';
import {
  gitopsDeployPermission,
  gitopsEnvironmentProtectedPermission,
  gitopsPromotePermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
} from '@slipway/plugin-gitops-common';

/** Whether the user may do something, as `usePermission` answers. */
export interface PermissionState {
  loading: boolean;
  allowed: boolean;
  error?: Error;
}

/** The user's Slipway permissions on one entity. */
export interface DeliveryPermissions {
  deploy: PermissionState;
  promote: PermissionState;
  rollback: PermissionState;
  sync: PermissionState;
  /** Needed in addition for changes to a protected environment. */
  protectedEnvironment: PermissionState;
}

/**
 * Asks for every permission the tab's actions need, once for the whole tab;
 * the permission API batches the five questions into one request.
 */
export function useDeliveryPermissions(entityRef: string): DeliveryPermissions {
  const deploy = usePermission({
    permission: gitopsDeployPermission,
    resourceRef: entityRef,
  });
  const promote = usePermission({
    permission: gitopsPromotePermission,
    resourceRef: entityRef,
  });
  const rollback = usePermission({
    permission: gitopsRollbackPermission,
    resourceRef: entityRef,
  });
  const sync = usePermission({
    permission: gitopsSyncPermission,
    resourceRef: entityRef,
  });
  const protectedEnvironment = usePermission({
    permission: gitopsEnvironmentProtectedPermission,
    resourceRef: entityRef,
  });
  return { deploy, promote, rollback, sync, protectedEnvironment };
}
