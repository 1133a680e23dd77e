import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { gitopsEnvironmentProtectedPermission } from '@slipway/plugin-gitops-common';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';

/**
 * Checks the action's permission on the entity, and the protected-environment
 * permission as well when the environment is protected. Throws before
 * anything is written.
 */
export async function authorizeOperation(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  options: {
    permission: ResourcePermission<'catalog-entity'>;
    entityRef: string;
    environment: ApplicationEnvironment;
  },
): Promise<void> {
  const requests = [
    { permission: options.permission, resourceRef: options.entityRef },
  ];
  if (options.environment.protected) {
    requests.push({
      permission: gitopsEnvironmentProtectedPermission,
      resourceRef: options.entityRef,
    });
  }
  const decisions = await permissions.authorize(requests, { credentials });
  const denied = requests.filter(
    (_, index) => decisions[index].result !== AuthorizeResult.ALLOW,
  );
  if (denied.length > 0) {
    throw new NotAllowedError(
      `You may not ${options.permission.name.replace(/^gitops\./, '')} ${
        options.entityRef
      } in ${options.environment.name}: ${denied
        .map(request => request.permission.name)
        .join(' and ')} ${denied.length > 1 ? 'are' : 'is'} not granted`,
    );
  }
}
