import {
  repositoryPathFromUrl,
  splitScpLikeUrl,
  trimRepositoryPath,
} from '../git/repositoryUrlParts';

// A key is logged; a decoded %0A must not start a forged log line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * A key under which every way of naming one repository compares equal:
 * `https://github.com/Acme/x.git`, `git@github.com:acme/x.git` and
 * `ssh://git@github.com/acme/x` all become `github.com/acme/x`.
 *
 * - The host is lower-cased and the port dropped, since the HTTPS and SSH
 *   ports of one server differ.
 * - The path is lower-cased because GitHub and GitLab resolve repository
 *   paths case-insensitively; on other hosts this can only make a push match
 *   more applications, which costs a refresh, never a missed one.
 * - Credentials, query, fragment, a `.git` suffix and slashes at either end
 *   are dropped.
 * - `file://` URLs and absolute paths become the path, case kept, because
 *   file systems may be case-sensitive.
 *
 * Returns undefined for what is not a repository URL, so it matches nothing.
 *
 * @public
 */
export function normalizeRepositoryUrl(raw: string): string | undefined {
  const url = raw.trim();
  if (url === '') {
    return undefined;
  }
  if (url.startsWith('/')) {
    return localKey(trimRepositoryPath(url));
  }
  const scp = splitScpLikeUrl(url);
  if (scp) {
    return hostedKey(scp.host, scp.path);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  switch (parsed.protocol) {
    case 'https:':
    case 'http:':
    case 'ssh:':
    case 'git:':
    case 'git+ssh:':
      return parsed.hostname
        ? hostedKey(parsed.hostname, parsed.pathname)
        : undefined;
    case 'file:':
      return localKey(repositoryPathFromUrl(parsed.pathname));
    default:
      return undefined;
  }
}

function hostedKey(host: string, path: string): string | undefined {
  const repositoryPath = repositoryPathFromUrl(path).toLowerCase();
  if (repositoryPath === '' || CONTROL.test(repositoryPath)) {
    return undefined;
  }
  return `${host.toLowerCase()}/${repositoryPath}`;
}

function localKey(path: string): string | undefined {
  return path === '' || CONTROL.test(path) ? undefined : `/${path}`;
}
