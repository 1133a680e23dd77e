import { InputError } from '@backstage/errors';
import {
  joinRepositoryPath,
  splitRepositoryPath,
} from '@slipway/plugin-gitops-common';
import { posix } from 'node:path';

// Repository paths as the git cache keys trees and asks git about them: the
// canonical form of gitops-common's repository paths with `''` for the root,
// which is how git names the root of a tree.

/**
 * A repository path in the git cache's form: forward slashes, no `.` or
 * empty segments, `''` for the root. Throws an `InputError` for paths that
 * gitops-common's `validateRepositoryPath` refuses, and for paths that reach
 * into git's own directory.
 */
export function normalizeRepositoryPath(path: string): string {
  const { segments, problem } = splitRepositoryPath(path);
  if (problem !== undefined) {
    throw new InputError(`Refusing path "${path}": it ${problem}`);
  }
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
  const resolved = joinRepositoryPath(posix.dirname(linkPath), target);
  return resolved === '.' ? '' : resolved;
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
