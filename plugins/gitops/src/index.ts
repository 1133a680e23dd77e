/**
 * Slipway's Deployments tab and overview card for Backstage entities.
 *
 * @packageDocumentation
 */

export { gitopsPlugin, EntityGitOpsContent, EntityGitOpsCard } from './plugin';
export { gitopsApiRef, GitOpsClient } from './api';
export { DeploymentsContent } from './components/DeploymentsContent';
export { GitOpsOverviewCard } from './components/GitOpsOverviewCard';
export type {
  ChangedFile,
  ConfigDiff,
  DeliveryResult,
  DeployRequest,
  DryRun,
  EngineControlRequest,
  GitOpsApi,
  ListOptions,
  PromoteRequest,
  RollbackRequest,
  SyncDryRun,
  SyncedResource,
  SyncRequest,
  SyncResult,
} from './api';
export { isGitOpsAvailable } from '@slipway/plugin-gitops-common';
