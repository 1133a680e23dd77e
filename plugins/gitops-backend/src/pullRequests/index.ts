/**
 * Pull (GitHub) and merge (GitLab) requests for environments whose changes
 * are reviewed: the branch is pushed by the config-repo writer, and these
 * providers open the request through the host's API and follow it to merge.
 */

export type {
  OpenPullRequestRequest,
  PullRequestProvider,
  PullRequestProviderId,
  PullRequestRef,
  PullRequestStatus,
} from './PullRequestProvider';
export { GitHubPullRequestProvider } from './GitHubPullRequestProvider';
export type { GitHubPullRequestProviderOptions } from './GitHubPullRequestProvider';
export { GitLabPullRequestProvider } from './GitLabPullRequestProvider';
export type { GitLabPullRequestProviderOptions } from './GitLabPullRequestProvider';
export { createPullRequestProviders } from './createPullRequestProviders';
export type { CreatePullRequestProvidersOptions } from './createPullRequestProviders';
export { selectPullRequestProvider } from './selectPullRequestProvider';
export { formatPullRequestBody } from './formatPullRequestBody';
export type {
  PullRequestBodyInput,
  PullRequestLink,
} from './formatPullRequestBody';
export { parseHostedRepositoryUrl } from './parseHostedRepositoryUrl';
export type { HostedRepositoryUrl } from './parseHostedRepositoryUrl';
