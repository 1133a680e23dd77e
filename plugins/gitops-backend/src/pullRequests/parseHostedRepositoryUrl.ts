import { InputError } from '@backstage/errors';
import { redactSecrets } from '../git/redactSecrets';
import {
  repositoryPathFromUrl,
  splitScpLikeUrl,
} from '../git/repositoryUrlParts';

/**
 * A config repository on a Git host, reduced to what a host API needs.
 *
 * @public
 */
export interface HostedRepositoryUrl {
  /** The host as integrations are keyed: `github.com`, `git.acme.example:8443`. */
  host: string;
  /** The repository path without slashes at either end or a `.git` suffix. */
  path: string;
}

/**
 * Reads host and repository path from an HTTPS, SSH or `user@host:path` URL.
 * The annotation may name the repository the way people clone it, so all three
 * are accepted; credentials in the URL are never carried into the result.
 *
 * @public
 */
export function parseHostedRepositoryUrl(repoUrl: string): HostedRepositoryUrl {
  const scp = splitScpLikeUrl(repoUrl);
  if (scp) {
    return {
      host: scp.host.toLowerCase(),
      path: repositoryPathFromUrl(scp.path),
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(repoUrl);
  } catch {
    throw invalid(repoUrl);
  }
  switch (parsed.protocol) {
    case 'https:':
    case 'http:':
      return {
        host: parsed.host,
        path: repositoryPathFromUrl(parsed.pathname),
      };
    case 'ssh:':
      // An SSH port says nothing about the web host the integration is keyed on.
      return {
        host: parsed.hostname,
        path: repositoryPathFromUrl(parsed.pathname),
      };
    default:
      throw invalid(repoUrl);
  }
}

function invalid(repoUrl: string): InputError {
  return new InputError(
    `Pull requests need an https://, ssh:// or user@host:path repository URL; got "${redactSecrets(
      repoUrl,
    )}"`,
  );
}
