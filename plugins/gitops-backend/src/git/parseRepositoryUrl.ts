import { InputError } from '@backstage/errors';
import { redactSecrets } from './redactSecrets';
import { splitScpLikeUrl } from './repositoryUrlParts';

/**
 * A repository URL split into what may be shown and what must not.
 *
 * @public
 */
export interface RepositoryUrl {
  /** The URL without any credentials: safe for argv, logs and errors. */
  url: string;
  /** `https://host[:port]/` for HTTP(S) URLs: the scope of injected headers. */
  httpOrigin?: string;
  /** Credentials that were embedded in the URL's user-info, if any. */
  embeddedCredentials?: { username: string; password: string };
}

/**
 * Validates a repository URL before it is handed to git. Transport-helper
 * syntax (`ext::…`) and anything that could be read as an option are refused,
 * since a URL can come from a catalog annotation that anyone may edit.
 *
 * @public
 */
export function parseRepositoryUrl(raw: string): RepositoryUrl {
  const shown = redactSecrets(raw);
  if (raw.length === 0) {
    throw new InputError('The repository URL is empty');
  }
  if (/[\s\0]/.test(raw) || raw.startsWith('-')) {
    throw new InputError(`Invalid repository URL "${shown}"`);
  }
  if (splitScpLikeUrl(raw)) {
    return { url: raw };
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new InputError(
      `Invalid repository URL "${shown}": expected https://, http://, ssh://, git://, file:// or user@host:path`,
    );
  }
  switch (parsed.protocol) {
    case 'http:':
    case 'https:': {
      const embeddedCredentials =
        parsed.username || parsed.password
          ? {
              username: decodeURIComponent(parsed.username),
              password: decodeURIComponent(parsed.password),
            }
          : undefined;
      parsed.username = '';
      parsed.password = '';
      parsed.hash = '';
      return {
        url: parsed.toString(),
        httpOrigin: `${parsed.protocol}//${parsed.host}/`,
        embeddedCredentials,
      };
    }
    case 'file:':
      if (parsed.host && parsed.host !== 'localhost') {
        throw new InputError(
          `Invalid repository URL "${shown}": a file:// URL must name a local path`,
        );
      }
      return { url: raw };
    case 'ssh:':
    case 'git:':
      if (parsed.password) {
        throw new InputError(
          `Invalid repository URL "${shown}": passwords in ${parsed.protocol}// URLs are not supported`,
        );
      }
      return { url: raw };
    default:
      throw new InputError(
        `Unsupported repository URL "${shown}": expected https://, http://, ssh://, git://, file:// or user@host:path`,
      );
  }
}
