/**
 * A repository-relative path taken apart: its segments, or why the path is
 * refused.
 *
 * @public
 */
export type RepositoryPathSegments =
  | { segments: string[]; problem?: undefined }
  | { segments?: undefined; problem: string };

/**
 * Options of {@link splitRepositoryPath}.
 *
 * @public
 */
export interface SplitRepositoryPathOptions {
  /**
   * Resolve `..` against the segment before it, as a kustomization's
   * `../base` or a symbolic link means it, instead of refusing it. A `..`
   * that climbs above the root is refused either way.
   */
  resolveParents?: boolean;
}

/**
 * The one reading of a path that is meant to stay inside a repository, which
 * every other repository-path function of the suite builds on: the path split
 * at forward slashes, without empty or `.` segments. Refused (with the reason,
 * worded to follow "the path") when it contains a NUL or a backslash, is
 * absolute, or has a `..` (see {@link SplitRepositoryPathOptions}). Symlinks
 * are a property of the checked-out tree, so they are checked where files are
 * read, not here.
 *
 * @public
 */
export function splitRepositoryPath(
  path: string,
  options: SplitRepositoryPathOptions = {},
): RepositoryPathSegments {
  if (path.includes('\0')) {
    return { problem: 'contains a NUL character' };
  }
  if (path.includes('\\')) {
    return { problem: 'contains a backslash; use forward slashes' };
  }
  if (isAbsolute(path)) {
    return {
      problem: 'is absolute; give a path relative to the repository root',
    };
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (!options.resolveParents || segments.length === 0) {
        return { problem: 'escapes the repository with ".."' };
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { segments };
}

/**
 * Checks a path that is meant to stay inside a repository. Returns why it is
 * refused, or undefined when it is acceptable: any `..` is refused, even one
 * that would stay inside.
 *
 * @public
 */
export function validateRepositoryPath(path: string): string | undefined {
  return splitRepositoryPath(path).problem;
}

/**
 * A repository path in the form annotations, generated config and renderers
 * name folders and files by: forward slashes, no empty or `.` segments, `..`
 * resolved, no slash at either end, and `.` for the root. Undefined when
 * {@link splitRepositoryPath} refuses it (a NUL, a backslash, an absolute
 * path, a `..` above the root), so that callers cannot be tricked into
 * reading outside the repository.
 *
 * @public
 */
export function canonicalRepositoryPath(path: string): string | undefined {
  const { segments } = splitRepositoryPath(path, { resolveParents: true });
  if (segments === undefined) {
    return undefined;
  }
  return segments.length > 0 ? segments.join('/') : '.';
}

/**
 * Resolves `relative` against the repository folder `base`, in the form of
 * {@link canonicalRepositoryPath}. A `..` is allowed as long as the result
 * stays inside the repository (overlays reach `../../base`); an absolute
 * `relative` is refused rather than taken as it stands.
 *
 * @public
 */
export function joinRepositoryPath(
  base: string,
  relative: string,
): string | undefined {
  if (isAbsolute(relative)) {
    return undefined;
  }
  return canonicalRepositoryPath(
    base === '' ? relative : `${base}/${relative}`,
  );
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:/.test(path);
}
