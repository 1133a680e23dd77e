export type { EnvironmentConfig, GitOpsConfig } from './GitOpsConfig';
export { readGitOpsConfig } from './readGitOpsConfig';
export { resolvePipeline } from './resolvePipeline';
export type { ApplicationEnvironment } from './resolvePipeline';
