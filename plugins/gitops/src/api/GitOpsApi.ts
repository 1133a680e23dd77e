import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ApplicationStatus } from '@slipway/plugin-gitops-common';

/**
 * The browser's view of the Slipway backend.
 *
 * @public
 */
export interface GitOpsApi {
  /** Every environment of an application, as the engine last stored it. */
  getApplicationStatus(entity: CompoundEntityRef): Promise<ApplicationStatus>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.api',
});
