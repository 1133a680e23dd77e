/**
 * The API group of an `apiVersion`: `apps` for `apps/v1`, the empty string for
 * the core group (`v1`). Identity and health ignore the version, because the
 * same object is served under every version of its group.
 */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
