export type { GitOpsApplication } from './GitOpsApplication';
export { toGitOpsApplication } from './toGitOpsApplication';
export { ApplicationCatalog } from './ApplicationCatalog';
export { LocationOwnership, describeConflict } from './LocationOwnership';
export { findLocationConflicts } from './findLocationConflicts';
export type { LocationClaim } from './findLocationConflicts';
