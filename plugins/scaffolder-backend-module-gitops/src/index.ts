/**
 * Scaffolder actions of the Slipway GitOps suite.
 *
 * @packageDocumentation
 */

export { gitopsScaffolderModule as default } from './module';
export { createGitOpsActions } from './actions/createGitOpsActions';
export { generateConfigRepoFiles } from './actions/generateConfigRepoFiles';
export type { ConfigRepoSpec } from './actions/generateConfigRepoFiles';
