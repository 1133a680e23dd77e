import { InputError } from '@backstage/errors';
import { parseHostedRepositoryUrl } from './parseHostedRepositoryUrl';
import { PullRequestProvider } from './PullRequestProvider';

/**
 * The provider that can open pull requests for the repository, chosen by the
 * URL's host.
 *
 * @public
 */
export function selectPullRequestProvider(
  providers: readonly PullRequestProvider[],
  repoUrl: string,
): PullRequestProvider {
  const provider = providers.find(candidate => candidate.supports(repoUrl));
  if (!provider) {
    // Parsing gives a precise error for file:// and malformed URLs.
    const { host } = parseHostedRepositoryUrl(repoUrl);
    throw new InputError(
      `No GitHub or GitLab integration configured for host ${host}; pull requests need one (with a token, or a GitHub App)`,
    );
  }
  return provider;
}
