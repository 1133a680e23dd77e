import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitHubPullRequestProvider } from './GitHubPullRequestProvider';
import { GitLabPullRequestProvider } from './GitLabPullRequestProvider';
import { PullRequestProvider } from './PullRequestProvider';

/**
 * @public
 */
export interface CreatePullRequestProvidersOptions {
  logger?: LoggerService;
  /** Deadline for each host API call; 30 seconds unless set. */
  timeoutMs?: number;
}

/**
 * The pull request providers for the portal's `integrations:` block: GitHub
 * when a GitHub integration has a token or GitHub App, GitLab when a GitLab
 * integration has a token. Backstage adds credential-less github.com and
 * gitlab.com entries on its own; those cannot open anything, so they do not
 * count.
 *
 * @public
 */
export function createPullRequestProviders(
  config: Config,
  options: CreatePullRequestProvidersOptions = {},
): PullRequestProvider[] {
  const integrations = ScmIntegrations.fromConfig(config);
  const providers: PullRequestProvider[] = [];
  if (
    integrations.github
      .list()
      .some(({ config: c }) => c.token || c.apps?.length)
  ) {
    providers.push(new GitHubPullRequestProvider({ integrations, ...options }));
  }
  if (integrations.gitlab.list().some(({ config: c }) => c.token)) {
    providers.push(new GitLabPullRequestProvider({ integrations, ...options }));
  }
  return providers;
}
