/**
 * Git access for Slipway: the git CLI with credentials from Backstage
 * integrations, a per-repository cache for reading, and the config-repo
 * writer that commits and pushes edits.
 */

export { GitCli } from './GitCli';
export type { GitCliOptions, GitRunOptions, GitRunResult } from './GitCli';
export { GitCommandError } from './GitCommandError';
export type { GitFailureKind } from './classifyGitFailure';
export type {
  GitCredentials,
  GitCredentialsProvider,
} from './GitCredentialsProvider';
export { IntegrationsGitCredentialsProvider } from './IntegrationsGitCredentialsProvider';
export { ConfiguredGitCredentialsProvider } from './ConfiguredGitCredentialsProvider';
export { parseRepositoryUrl } from './parseRepositoryUrl';
export { RepositoryUrlPolicy } from './RepositoryUrlPolicy';
export type { RepositoryUrl } from './parseRepositoryUrl';
export { RepositoryCache } from './RepositoryCache';
export type {
  BranchHead,
  LogOptions,
  RepositoryAccess,
  RepositoryCacheOptions,
} from './RepositoryCache';
export { GitTreeSnapshot } from './GitTreeSnapshot';
export type { CommitTrailer, GitCommit } from './parseGitLog';
export { ConfigRepoWriter } from './ConfigRepoWriter';
export type {
  BranchChangeRequest,
  CommitIdentity,
  ConfigChangeRequest,
  ConfigChangeResult,
  ConfigDiff,
  ConfigRepoWriterOptions,
  RestoreRequest,
} from './ConfigRepoWriter';
export type { ChangedFile } from './parseNameStatus';
export type { TreeEdit, WorkingTree } from './WorkingTree';
