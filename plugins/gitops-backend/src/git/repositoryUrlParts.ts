// The pieces of a repository URL that the git cache, webhook matching and
// pull request providers all read the same way. Each of them has its own
// public function over these (parseRepositoryUrl, normalizeRepositoryUrl,
// parseHostedRepositoryUrl) because what they return differs.

/**
 * Git's scp-like syntax for SSH, `user@host:path`. The user and host are
 * limited to what git hands to ssh without surprises, and `user@host://…`
 * is not one (it is a URL with a scheme that contains `@`).
 */
const SCP_LIKE = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/\/)(\S+)$/;

/** Host and path of a `user@host:path` URL, or undefined when it is not one. */
export function splitScpLikeUrl(
  url: string,
): { host: string; path: string } | undefined {
  const match = SCP_LIKE.exec(url);
  return match ? { host: match[1], path: match[2] } : undefined;
}

/**
 * The repository a URL's path names, e.g. `acme/config` for
 * `/acme/config.git/`: percent-decoding undone, doubled slashes collapsed,
 * without slashes at either end or a `.git` suffix (in any case).
 */
export function repositoryPathFromUrl(urlPath: string): string {
  return trimRepositoryPath(decodeUrlPath(urlPath));
}

/**
 * A repository path without doubled slashes, slashes at either end or a
 * `.git` suffix (in any case).
 */
export function trimRepositoryPath(path: string): string {
  return path
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
}

/** A URL path with its percent-encoding undone, or as it is when invalid. */
function decodeUrlPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
