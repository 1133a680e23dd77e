/**
 * The URL when it is an absolute http(s) URL, so that nothing the backend
 * stores (such as a pull request's address) can put another scheme into an
 * href.
 */
export function httpUrl(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}
