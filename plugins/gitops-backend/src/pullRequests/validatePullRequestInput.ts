import { InputError } from '@backstage/errors';
import { OpenPullRequestRequest } from './PullRequestProvider';

/**
 * Refuses a request the host would refuse less clearly (or, for control
 * characters in a branch, read differently), before any credentials are used.
 *
 * @public
 */
export function validatePullRequestInput(request: OpenPullRequestRequest) {
  const { sourceBranch, targetBranch, title } = request;
  for (const [label, branch] of [
    ['source', sourceBranch],
    ['target', targetBranch],
  ] as const) {
    if (!branch) {
      throw new InputError(`The ${label} branch of a pull request is empty`);
    }
    if ([...branch].some(isSpaceOrControl)) {
      throw new InputError(
        `The ${label} branch of a pull request, ${JSON.stringify(
          branch,
        )}, contains whitespace or control characters`,
      );
    }
  }
  if (sourceBranch === targetBranch) {
    throw new InputError(
      `A pull request needs different source and target branches; both are ${sourceBranch}`,
    );
  }
  if (!title.trim()) {
    throw new InputError('The title of a pull request is empty');
  }
}

function isSpaceOrControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code <= 0x20 || code === 0x7f;
}
