/**
 * Real Git for tests: a smart-HTTP server with basic authentication and
 * local bare repositories.
 */

export { createTestGitServer } from './createTestGitServer';
export type { TestGitServer } from './createTestGitServer';
export { createLocalRepository } from './createLocalRepository';
export type { LocalTestRepository } from './createLocalRepository';
export { pushTestCommit } from './seedRepository';
export type { TestRepositoryFiles } from './seedRepository';
export { TEST_GIT_ENV, testGit } from './testGit';
export { captureLogger } from './captureLogger';
