/**
 * Checks a path that is meant to stay inside a repository. Returns why it is
 * refused, or undefined when it is acceptable. Symlinks are a property of the
 * checked-out tree, so they are checked where files are read, not here.
 *
 * @public
 */
export function validateRepositoryPath(path: string): string | undefined {
  if (path.includes('\0')) {
    return 'contains a NUL character';
  }
  if (path.includes('\\')) {
    return 'contains a backslash; use forward slashes';
  }
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return 'is absolute; give a path relative to the repository root';
  }
  if (path.split('/').some(segment => segment === '..')) {
    return 'escapes the repository with ".."';
  }
  return undefined;
}
