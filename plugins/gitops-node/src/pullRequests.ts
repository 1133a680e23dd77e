/**
 * Which provider opened a pull request: the built-in `github` and `gitlab`,
 * or the id a provider added through
 * {@link gitopsPullRequestProvidersExtensionPoint} gives itself (for example
 * `bitbucket`, or a demo's local host). Open, so modules need no change here.
 *
 * @public
 */
export type PullRequestProviderId = 'github' | 'gitlab' | (string & {});

/**
 * What to open: a pushed branch proposed for merging into the tracked branch.
 *
 * @public
 */
export interface OpenPullRequestRequest {
  /** The config repository, as written in the `slipway.dev/config-repo` annotation. */
  repoUrl: string;
  /** The branch the change was pushed to. */
  sourceBranch: string;
  /** The branch the change should land on (the tracked branch). */
  targetBranch: string;
  title: string;
  /** Markdown describing the change (application, environment, versions, who asked). */
  body: string;
  draft?: boolean;
}

/**
 * An opened pull request (GitHub) or merge request (GitLab).
 *
 * @public
 */
export interface PullRequestRef {
  /** The page a person opens to review the change. */
  url: string;
  /** GitHub's pull request number, GitLab's merge request `iid`. */
  number: number;
  provider: PullRequestProviderId;
}

/**
 * Where a pull request stands, so the engine can show it as pending and notice
 * when it lands.
 *
 * @public
 */
export interface PullRequestStatus {
  state: 'open' | 'merged' | 'closed';
  url: string;
  /** The commit the merge produced on the target branch, once merged. */
  mergedCommitSha?: string;
}

/**
 * Opens and reads pull requests through one kind of Git host's API. The
 * backend asks each provider in turn whether it `supports` a config
 * repository; those added through the extension point are asked first.
 *
 * @public
 */
export interface PullRequestProvider {
  readonly id: PullRequestProviderId;
  /** Whether this provider can open pull requests for the repository (e.g. an integration with credentials is configured for the URL's host). */
  supports(repoUrl: string): boolean;
  /**
   * Opens the pull request. When one is already open for the source branch
   * (a retry after a crash), that one is returned instead of failing.
   */
  openPullRequest(request: OpenPullRequestRequest): Promise<PullRequestRef>;
  getPullRequest(repoUrl: string, number: number): Promise<PullRequestStatus>;
  /** The open pull request whose source is this branch, if there is one. */
  findOpenPullRequest(
    repoUrl: string,
    sourceBranch: string,
  ): Promise<PullRequestRef | undefined>;
}
