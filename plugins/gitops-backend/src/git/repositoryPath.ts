import { InputError } from '@backstage/errors';
import { validateRepositoryPath } from '@slipway/plugin-gitops-common';
import { posix } from 'node:path';

/**
 * Turns a repository-relative path into its canonical form: forward slashes,
 * no `.` or empty segments, `''` for the root. Refuses paths that could leave
 * the repository or reach into git's own directory.
 */
export function normalizeRepositoryPath(path: string): string {
  const problem = validateRepositoryPath(path);
  if (problem) {
    throw new InputError(`Refusing path "${path}": it ${problem}`);
  }
  const segments = path.split('/').filter(s => s !== '' && s !== '.');
  if (segments.some(segment => segment.toLowerCase() === '.git')) {
    throw new InputError(`Refusing path "${path}": it reaches into .git`);
  }
  return segments.join('/');
}

/**
 * Where a symlink at `linkPath` points, as a repository path, or undefined
 * when it points outside the repository (absolute, or too many `..`).
 */
export function resolveSymlinkTarget(
  linkPath: string,
  target: string,
): string | undefined {
  if (
    target.startsWith('/') ||
    /^[A-Za-z]:/.test(target) ||
    target.includes('\\')
  ) {
    return undefined;
  }
  const joined = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (joined === '..' || joined.startsWith('../')) {
    return undefined;
  }
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/** The parent folder of a canonical repository path (`''` for the root). */
export function parentPath(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

/** `child` is `folder` itself or lies below it. */
export function isWithin(child: string, folder: string): boolean {
  return folder === '' || child === folder || child.startsWith(`${folder}/`);
}
