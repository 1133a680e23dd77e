import { InputError } from '@backstage/errors';

const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/@{}^~-]*$/;

/**
 * Checks a revision (SHA, branch or tag name) before it reaches git's argv:
 * nothing that could be read as an option, a range or a pathspec.
 */
export function assertRevision(revision: string): string {
  if (!REVISION.test(revision) || revision.includes('..')) {
    throw new InputError(`Invalid Git revision "${revision}"`);
  }
  return revision;
}

/**
 * Checks a branch name with the rules of `git check-ref-format --branch`
 * that matter here, without running git.
 */
export function assertBranchName(branch: string): string {
  const invalid =
    branch.length === 0 ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    branch === '@' ||
    /[ ~^:?*[\\]/.test(branch) ||
    [...branch].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ||
    branch.split('/').some(part => part.startsWith('.'));
  if (invalid) {
    throw new InputError(`Invalid Git branch name "${branch}"`);
  }
  return branch;
}
