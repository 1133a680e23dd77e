import { posix } from 'path';

/**
 * Normalises a repository-relative path to its canonical form (`.` for the
 * root, no leading `./`, no trailing slash). Returns undefined when the path
 * is absolute, contains a NUL or backslash, or climbs above the root, so that
 * callers cannot be tricked into reading outside the repository.
 */
export function normalizeRepositoryPath(path: string): string | undefined {
  if (path.includes('\0') || path.includes('\\')) {
    return undefined;
  }
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return undefined;
  }
  const normalized = posix.normalize(path === '' ? '.' : path);
  if (normalized === '..' || normalized.startsWith('../')) {
    return undefined;
  }
  const trimmed = normalized.replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/**
 * Resolves `relative` against the repository folder `base`. Unlike
 * {@link normalizeRepositoryPath} a `..` is allowed as long as the result
 * stays inside the repository (overlays reach `../../base`).
 */
export function joinRepositoryPath(
  base: string,
  relative: string,
): string | undefined {
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) {
    return undefined;
  }
  return normalizeRepositoryPath(posix.join(base, relative));
}

/** True when `path` is `folder` itself or lies below it. */
export function isWithinFolder(path: string, folder: string): boolean {
  return folder === '.' || path === folder || path.startsWith(`${folder}/`);
}
