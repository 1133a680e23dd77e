export type { GitOpsApplication } from './GitOpsApplication';
export { toGitOpsApplication } from './toGitOpsApplication';
export { ApplicationCatalog } from './ApplicationCatalog';
