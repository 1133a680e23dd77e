/*
 * The demo portal's local Git host: pull requests on the demo's bare config
 * repositories, their pages, and the merge that lands them. Demo only.
 */

export { DemoPullRequestHost } from './DemoPullRequestHost';
export { DemoPullRequestProvider } from './DemoPullRequestProvider';
export { createDemoPullRequestRouter } from './createDemoPullRequestRouter';
export { demoPullRequestHostServiceRef } from './demoPullRequestHostServiceRef';
