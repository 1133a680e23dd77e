import { ConflictError } from '@backstage/errors';
import { GitCommandError, runGit } from './runGit';

/** What a merge did to the target branch. */
export interface MergeBranchResult {
  /** The target branch's commit before the merge. */
  previousCommit: string;
  /** The target branch's commit after the merge. */
  commit: string;
  method: 'fast-forward' | 'replay' | 'merge-commit' | 'already-merged';
}

/**
 * Merges a branch into another inside a bare repository, without a working
 * tree, the way a Git host's merge button does. History stays linear where
 * that is cheap: a fast-forward when the target has not moved, otherwise the
 * branch's single commit is replayed on the target (keeping its message,
 * so the operation trailer lands on the tracked branch). A branch of several
 * commits gets a merge commit. The target moves with a compare-and-swap, so
 * a concurrent writer is never overwritten.
 */
export async function mergeBranch(
  repository: string,
  options: { sourceBranch: string; targetBranch: string; message: string },
): Promise<MergeBranchResult> {
  const target = await resolveBranch(repository, options.targetBranch);
  const source = await resolveBranch(repository, options.sourceBranch);

  const pending = (
    await runGit(repository, ['rev-list', '--parents', `${target}..${source}`])
  )
    .split('\n')
    .filter(Boolean);
  if (pending.length === 0) {
    return { previousCommit: target, commit: target, method: 'already-merged' };
  }

  let commit: string;
  let method: MergeBranchResult['method'];
  if (await isAncestor(repository, target, source)) {
    commit = source;
    method = 'fast-forward';
  } else {
    const tree = await mergedTree(repository, options, target, source);
    const onlyCommit = pending.length === 1 ? pending[0].split(' ') : [];
    if (onlyCommit.length === 2) {
      // One non-merge commit whose parent the target already contains: the
      // merged tree is exactly that commit applied to the target.
      commit = await replayCommit(repository, onlyCommit[0], tree, target);
      method = 'replay';
    } else {
      commit = (
        await runGit(
          repository,
          ['commit-tree', tree, '-p', target, '-p', source, '-F', '-'],
          { input: options.message },
        )
      ).trim();
      method = 'merge-commit';
    }
  }

  try {
    await runGit(repository, [
      'update-ref',
      '-m',
      `merge ${options.sourceBranch}`,
      `refs/heads/${options.targetBranch}`,
      commit,
      target,
    ]);
  } catch (error) {
    throw new ConflictError(
      `${options.targetBranch} moved while merging ${options.sourceBranch}; try again`,
      error,
    );
  }
  return { previousCommit: target, commit, method };
}

async function resolveBranch(repository: string, branch: string) {
  try {
    return (
      await runGit(repository, [
        'rev-parse',
        '--verify',
        `refs/heads/${branch}^{commit}`,
      ])
    ).trim();
  } catch (error) {
    throw new ConflictError(`Branch ${branch} does not exist`, error);
  }
}

async function isAncestor(repository: string, ancestor: string, of: string) {
  try {
    await runGit(repository, ['merge-base', '--is-ancestor', ancestor, of]);
    return true;
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode === 1) {
      return false;
    }
    throw error;
  }
}

async function mergedTree(
  repository: string,
  options: { sourceBranch: string; targetBranch: string },
  target: string,
  source: string,
) {
  try {
    const output = await runGit(repository, [
      'merge-tree',
      '--write-tree',
      '--no-messages',
      target,
      source,
    ]);
    return output.split('\n')[0].trim();
  } catch (error) {
    // merge-tree exits 1 when the merge has conflicts; a person resolves
    // those on the branch, as on a real Git host.
    if (error instanceof GitCommandError && error.exitCode === 1) {
      throw new ConflictError(
        `${options.sourceBranch} conflicts with ${options.targetBranch}; it cannot be merged`,
      );
    }
    throw error;
  }
}

async function replayCommit(
  repository: string,
  original: string,
  tree: string,
  parent: string,
) {
  // The raw commit object, so the message (and its trailers) is copied byte
  // for byte and the author keeps their own name, email and date.
  const raw = await runGit(repository, ['cat-file', 'commit', original]);
  const headerEnd = raw.indexOf('\n\n');
  const headers = raw.slice(0, headerEnd);
  const message = raw.slice(headerEnd + 2);
  const author = /^author (.*) <(.*)> (\d+ [+-]\d{4})$/m.exec(headers);
  if (!author) {
    throw new Error(`Commit ${original} has no readable author`);
  }
  return (
    await runGit(repository, ['commit-tree', tree, '-p', parent, '-F', '-'], {
      input: message,
      env: {
        GIT_AUTHOR_NAME: author[1],
        GIT_AUTHOR_EMAIL: author[2],
        GIT_AUTHOR_DATE: author[3],
      },
    })
  ).trim();
}
