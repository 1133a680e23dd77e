// A key is logged; a decoded %0A must not start a forged log line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

const SCP_LIKE = /^[^@/\s:]+@([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/;

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
    return localPath(url);
  }
  const scp = SCP_LIKE.exec(url);
  if (scp) {
    return hostedKey(scp[1], scp[2]);
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
      return localPath(decode(parsed.pathname));
    default:
      return undefined;
  }
}

function hostedKey(host: string, path: string): string | undefined {
  const repositoryPath = trimRepositoryPath(decode(path)).toLowerCase();
  if (repositoryPath === '' || CONTROL.test(repositoryPath)) {
    return undefined;
  }
  return `${host.toLowerCase()}/${repositoryPath}`;
}

function localPath(path: string): string | undefined {
  const trimmed = trimRepositoryPath(path);
  return trimmed === '' || CONTROL.test(trimmed) ? undefined : `/${trimmed}`;
}

function trimRepositoryPath(path: string): string {
  return path
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
}

function decode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
