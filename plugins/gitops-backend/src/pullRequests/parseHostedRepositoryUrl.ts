import { InputError } from '@backstage/errors';
import { redactSecrets } from '../git/redactSecrets';

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

const SCP_LIKE = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;

/**
 * Reads host and repository path from an HTTPS, SSH or `user@host:path` URL.
 * The annotation may name the repository the way people clone it, so all three
 * are accepted; credentials in the URL are never carried into the result.
 *
 * @public
 */
export function parseHostedRepositoryUrl(repoUrl: string): HostedRepositoryUrl {
  const scp = SCP_LIKE.exec(repoUrl);
  if (scp) {
    return { host: scp[1].toLowerCase(), path: trimRepositoryPath(scp[2]) };
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
      return { host: parsed.host, path: trimRepositoryPath(parsed.pathname) };
    case 'ssh:':
      // An SSH port says nothing about the web host the integration is keyed on.
      return {
        host: parsed.hostname,
        path: trimRepositoryPath(parsed.pathname),
      };
    default:
      throw invalid(repoUrl);
  }
}

function trimRepositoryPath(path: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  return decoded
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

function invalid(repoUrl: string): InputError {
  return new InputError(
    `Pull requests need an https://, ssh:// or user@host:path repository URL; got "${redactSecrets(
      repoUrl,
    )}"`,
  );
}
