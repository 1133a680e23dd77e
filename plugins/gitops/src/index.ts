/**
 * Slipway's Deployments tab and overview card for Backstage entities.
 *
 * @packageDocumentation
 */

export { gitopsPlugin, EntityGitOpsContent, EntityGitOpsCard } from './plugin';
export { gitopsApiRef, GitOpsClient } from './api';
export type { GitOpsApi } from './api';
export { isGitOpsAvailable } from '@slipway/plugin-gitops-common';
