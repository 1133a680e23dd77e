/**
 * A browser link to a commit of a config repository, for the hosts whose URL
 * scheme is known. Anything that is not http(s) (such as a local `file://`
 * repository) gets no link, so no user-supplied scheme ever reaches an href.
 */
export function commitUrl(
  repositoryUrl: string,
  sha: string,
): string | undefined {
  let url: URL;
  try {
    url = new URL(repositoryUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined;
  }
  if (!/^[0-9a-f]{7,64}$/.test(sha)) {
    return undefined;
  }
  const base = `${url.origin}${url.pathname
    .replace(/\.git$/, '')
    .replace(/\/$/, '')}`;
  if (url.hostname.includes('gitlab')) {
    return `${base}/-/commit/${sha}`;
  }
  if (url.hostname.includes('bitbucket.org')) {
    return `${base}/commits/${sha}`;
  }
  return `${base}/commit/${sha}`;
}
