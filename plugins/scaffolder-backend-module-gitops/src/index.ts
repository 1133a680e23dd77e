/**
 * Scaffolder actions of the Slipway GitOps suite.
 *
 * @packageDocumentation
 */

export { gitopsScaffolderModule as default } from './module';
export { createGitOpsActions } from './actions/createGitOpsActions';
