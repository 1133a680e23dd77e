export { gitopsApiRef } from './GitOpsApi';
export type {
  ChangedFile,
  ConfigDiff,
  DeliveryResult,
  DeployRequest,
  DryRun,
  GitOpsApi,
  ListOptions,
  PromoteRequest,
  RollbackRequest,
} from './GitOpsApi';
export { GitOpsClient } from './GitOpsClient';
