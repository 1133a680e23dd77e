export { gitopsApiRef } from './GitOpsApi';
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
} from './GitOpsApi';
export { GitOpsClient } from './GitOpsClient';
