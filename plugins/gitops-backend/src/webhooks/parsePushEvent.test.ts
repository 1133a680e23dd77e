import { parsePushEvent } from './parsePushEvent';
import {
  GITHUB_AFTER,
  githubBranchDeletion,
  githubCommit,
  githubForcedPush,
  githubPing,
  githubPush,
  githubTagPush,
  githubTruncatedPush,
} from './__fixtures__/githubPayloads';
import {
  GITLAB_AFTER,
  gitlabBranchCreation,
  gitlabBranchDeletion,
  gitlabCommit,
  gitlabMergeRequest,
  gitlabPush,
  gitlabTagPush,
  gitlabTruncatedPush,
} from './__fixtures__/gitlabPayloads';

const github = (event: string) => ({ 'x-github-event': event });
const gitlab = (event: string) => ({ 'x-gitlab-event': event });

describe('parsePushEvent', () => {
  describe('GitHub', () => {
    it('reads a push with added, modified and removed files', () => {
      expect(parsePushEvent(github('push'), githubPush)).toEqual({
        type: 'push',
        push: {
          provider: 'github',
          repositoryUrls: [
            'https://github.com/Acme/payments-config.git',
            'https://github.com/Acme/payments-config',
            'git@github.com:Acme/payments-config.git',
            'git://github.com/Acme/payments-config.git',
          ],
          branch: 'main',
          defaultBranch: 'main',
          after: GITHUB_AFTER,
          changedPaths: [
            'apps/payments/base/legacy-configmap.yaml',
            'apps/payments/envs/dev/kustomization.yaml',
            'apps/payments/envs/staging/patch.yaml',
          ],
          complete: true,
        },
      });
    });

    it('keeps slashes in branch names', () => {
      const result = parsePushEvent(github('push'), {
        ...githubPush,
        ref: 'refs/heads/release/2026-01',
      });
      expect(result).toMatchObject({
        type: 'push',
        push: { branch: 'release/2026-01' },
      });
    });

    it('marks a commit list cut at 20 as incomplete', () => {
      const result = parsePushEvent(github('push'), githubTruncatedPush);
      expect(result).toMatchObject({ type: 'push', push: { complete: false } });
      expect(result.type === 'push' && result.push.changedPaths).toHaveLength(
        20,
      );
    });

    it('reads 19 commits as complete', () => {
      const result = parsePushEvent(github('push'), {
        ...githubTruncatedPush,
        commits: githubTruncatedPush.commits.slice(0, 19),
      });
      expect(result).toMatchObject({ type: 'push', push: { complete: true } });
    });

    it.each([
      ['a force push', githubForcedPush],
      [
        'a new branch',
        {
          ...githubPush,
          created: true,
          before: '0000000000000000000000000000000000000000',
        },
      ],
      ['a push that lists no commits', { ...githubPush, commits: [] }],
      ['a payload without commits', { ...githubPush, commits: undefined }],
      [
        'a commit without file lists',
        {
          ...githubPush,
          commits: [{ ...githubCommit(GITHUB_AFTER, {}), added: undefined }],
        },
      ],
    ])('marks %s as incomplete', (_, payload) => {
      expect(parsePushEvent(github('push'), payload)).toMatchObject({
        type: 'push',
        push: { complete: false },
      });
    });

    it('ignores a ping', () => {
      expect(parsePushEvent(github('ping'), githubPing)).toEqual({
        type: 'ignored',
        reason: 'GitHub ping event',
      });
    });

    it('ignores a tag push', () => {
      expect(parsePushEvent(github('push'), githubTagPush)).toEqual({
        type: 'ignored',
        reason: 'Tag pushes do not trigger refreshes',
      });
    });

    it('ignores a branch deletion', () => {
      expect(parsePushEvent(github('push'), githubBranchDeletion)).toEqual({
        type: 'ignored',
        reason: 'Branch "feature/old-overlay" was deleted',
      });
    });

    it('ignores other events', () => {
      expect(
        parsePushEvent(github('pull_request'), { action: 'opened' }),
      ).toEqual({
        type: 'ignored',
        reason: 'GitHub "pull_request" events do not trigger refreshes',
      });
    });

    it('ignores pushes to refs that are not branches', () => {
      expect(
        parsePushEvent(github('push'), {
          ...githubPush,
          ref: 'refs/notes/commits',
        }),
      ).toMatchObject({ type: 'ignored' });
    });

    it.each([
      ['a body that is not an object', []],
      ['no ref', { ...githubPush, ref: undefined }],
      ['an after that is not a SHA', { ...githubPush, after: 'main' }],
      ['a branch with a newline', { ...githubPush, ref: 'refs/heads/a\nb' }],
      ['a branch with ..', { ...githubPush, ref: 'refs/heads/a..b' }],
      ['no repository', { ...githubPush, repository: undefined }],
    ])('calls a push with %s invalid', (_, payload) => {
      expect(parsePushEvent(github('push'), payload)).toMatchObject({
        type: 'invalid',
      });
    });

    it('keeps control characters from the sender out of reasons', () => {
      const result = parsePushEvent(github('push\nforged: log line'), {});
      expect(result).toMatchObject({ type: 'ignored' });
      expect(JSON.stringify(result)).not.toContain('\\n');
    });
  });

  describe('GitLab', () => {
    it('reads a push with added, modified and removed files', () => {
      expect(parsePushEvent(gitlab('Push Hook'), gitlabPush)).toEqual({
        type: 'push',
        push: {
          provider: 'gitlab',
          repositoryUrls: [
            'https://gitlab.acme.example/Platform/Payments-Config.git',
            'git@gitlab.acme.example:Platform/Payments-Config.git',
            'https://gitlab.acme.example/Platform/Payments-Config',
          ],
          branch: 'main',
          defaultBranch: 'main',
          after: GITLAB_AFTER,
          changedPaths: [
            'apps/payments/base/hpa.yaml',
            'apps/payments/base/pdb.yaml',
            'apps/payments/envs/staging/kustomization.yaml',
          ],
          complete: true,
        },
      });
    });

    it('reads a push from a system hook', () => {
      expect(parsePushEvent(gitlab('System Hook'), gitlabPush)).toMatchObject({
        type: 'push',
        push: { provider: 'gitlab', branch: 'main' },
      });
    });

    it('marks a push with more commits than listed as incomplete', () => {
      expect(
        parsePushEvent(gitlab('Push Hook'), gitlabTruncatedPush),
      ).toMatchObject({ type: 'push', push: { complete: false } });
    });

    it('reads 20 listed of 20 commits as complete', () => {
      expect(
        parsePushEvent(gitlab('Push Hook'), {
          ...gitlabTruncatedPush,
          total_commits_count: 20,
        }),
      ).toMatchObject({ type: 'push', push: { complete: true } });
    });

    it.each([
      ['a new branch', gitlabBranchCreation],
      [
        'a push that lists no commits',
        { ...gitlabPush, commits: [], total_commits_count: 0 },
      ],
      [
        'a commit without file lists',
        {
          ...gitlabPush,
          commits: [{ ...gitlabCommit(GITLAB_AFTER, {}), modified: null }],
        },
      ],
    ])('marks %s as incomplete', (_, payload) => {
      expect(parsePushEvent(gitlab('Push Hook'), payload)).toMatchObject({
        type: 'push',
        push: { complete: false },
      });
    });

    it('ignores a tag push', () => {
      expect(parsePushEvent(gitlab('Tag Push Hook'), gitlabTagPush)).toEqual({
        type: 'ignored',
        reason: 'Tag pushes do not trigger refreshes',
      });
    });

    it('ignores a tag push from a system hook', () => {
      expect(
        parsePushEvent(gitlab('System Hook'), gitlabTagPush),
      ).toMatchObject({
        type: 'ignored',
      });
    });

    it('ignores a branch deletion', () => {
      expect(parsePushEvent(gitlab('Push Hook'), gitlabBranchDeletion)).toEqual(
        {
          type: 'ignored',
          reason: 'Branch "feature/old-overlay" was deleted',
        },
      );
    });

    it('ignores other events', () => {
      expect(
        parsePushEvent(gitlab('Merge Request Hook'), gitlabMergeRequest),
      ).toEqual({
        type: 'ignored',
        reason: 'GitLab "Merge Request Hook" events do not trigger refreshes',
      });
    });

    it('calls a push hook whose body is not a push invalid', () => {
      expect(
        parsePushEvent(gitlab('Push Hook'), gitlabMergeRequest),
      ).toMatchObject({ type: 'invalid' });
    });

    it('calls a push without project URLs invalid', () => {
      expect(
        parsePushEvent(gitlab('Push Hook'), {
          ...gitlabPush,
          project: {},
          repository: {},
        }),
      ).toMatchObject({ type: 'invalid' });
    });
  });

  it('calls a request from neither host invalid', () => {
    expect(parsePushEvent({}, githubPush)).toMatchObject({ type: 'invalid' });
  });
});
