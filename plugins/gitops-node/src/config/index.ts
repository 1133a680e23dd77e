export type {
  EngineConfig,
  EnvironmentConfig,
  GitOpsConfig,
} from './GitOpsConfig';
export { readGitOpsConfig } from './readGitOpsConfig';
export { resolvePipeline } from './resolvePipeline';
export type { ApplicationEnvironment } from './resolvePipeline';
