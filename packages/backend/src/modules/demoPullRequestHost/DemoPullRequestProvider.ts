import {
  OpenPullRequestRequest,
  PullRequestProvider,
  PullRequestRef,
  PullRequestStatus,
} from '@slipway/plugin-gitops-node';
import { NotFoundError } from '@backstage/errors';
import { DemoPullRequestHost } from './DemoPullRequestHost';
import { DemoPullRequest } from './DemoPullRequestStore';

/** The id the demo's pull requests carry, next to `github` and `gitlab`. */
export const DEMO_PULL_REQUEST_PROVIDER_ID = 'slipway-demo';

/**
 * Slipway's pull request contract over the demo's local Git host, so
 * `changes: pull-request` environments work on the demo's `file://` config
 * repositories. Each pull request's page is served by the demo's
 * `slipway-demo-pull-requests` backend plugin at `pagesBaseUrl/<number>`.
 */
export class DemoPullRequestProvider implements PullRequestProvider {
  readonly id = DEMO_PULL_REQUEST_PROVIDER_ID;

  constructor(
    private readonly host: DemoPullRequestHost,
    private readonly pagesBaseUrl: string,
  ) {}

  supports(repoUrl: string): boolean {
    return this.host.repositoryOf(repoUrl) !== undefined;
  }

  async openPullRequest(
    request: OpenPullRequestRequest,
  ): Promise<PullRequestRef> {
    return this.refOf(await this.host.open(request));
  }

  async getPullRequest(
    repoUrl: string,
    number: number,
  ): Promise<PullRequestStatus> {
    const pullRequest = await this.host.get(number);
    if (pullRequest.repoUrl !== repoUrl) {
      // Numbers are shared by all demo repositories; another one's is not this one's.
      throw new NotFoundError(
        `Pull request #${number} does not exist in ${repoUrl}`,
      );
    }
    return {
      state: pullRequest.state,
      url: this.urlOf(pullRequest),
      ...(pullRequest.mergedCommitSha
        ? { mergedCommitSha: pullRequest.mergedCommitSha }
        : {}),
    };
  }

  async findOpenPullRequest(
    repoUrl: string,
    sourceBranch: string,
  ): Promise<PullRequestRef | undefined> {
    const pullRequest = await this.host.findOpen(repoUrl, sourceBranch);
    return pullRequest ? this.refOf(pullRequest) : undefined;
  }

  private refOf(pullRequest: DemoPullRequest): PullRequestRef {
    return {
      url: this.urlOf(pullRequest),
      number: pullRequest.number,
      provider: this.id,
    };
  }

  private urlOf(pullRequest: DemoPullRequest) {
    return `${this.pagesBaseUrl}/${pullRequest.number}`;
  }
}
