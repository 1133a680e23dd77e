/*
 * The pull request contract lives in @slipway/plugin-gitops-node, so modules
 * can add providers through its extension point; re-exported here so the
 * backend's own imports keep one home.
 */
export type {
  OpenPullRequestRequest,
  PullRequestProvider,
  PullRequestProviderId,
  PullRequestRef,
  PullRequestStatus,
} from '@slipway/plugin-gitops-node';
