import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { formatCommitMessage } from './formatCommitMessage';
import { GitCli } from './GitCli';
import { GitCommandError } from './GitCommandError';
import { withoutRemoteText } from './withoutRemoteText';
import { maskPatchSecrets } from './maskPatchSecrets';
import { readFilesAt } from './readFilesAt';
import { assertBranchName, assertRevision } from './gitRevision';
import {
  algorithmOf,
  formatPack,
  GitObject,
  HashAlgorithm,
  parseCatFileBatchOutput,
} from './gitObjects';
import { ObjectWorkingTree } from './ObjectWorkingTree';
import { ChangedFile, parseNameStatus } from './parseNameStatus';
import {
  isRetryablePushRejection,
  parsePushPorcelain,
} from './parsePushPorcelain';
import { parseRepositoryUrl } from './parseRepositoryUrl';
import { RepositoryCache } from './RepositoryCache';
import { TreeEdit } from './WorkingTree';

/**
 * A person or bot in a commit.
 *
 * @public
 */
export interface CommitIdentity {
  name: string;
  email: string;
}

/**
 * A change to a config repository, applied by an edit function.
 *
 * @public
 */
export interface ConfigChangeRequest {
  url: string;
  /** The branch to change; the remote's default branch when omitted. */
  branch?: string;
  edit: TreeEdit;
  author: CommitIdentity;
  /** Defaults to the author. */
  committer?: CommitIdentity;
  /** Subject line, optionally followed by a blank line and a body. */
  message: string;
  /** Appended as `Key: value` lines, e.g. `{ 'Slipway-Operation': '42' }`. */
  trailers?: Record<string, string>;
  /** Compute the diff only: no commit, no push. */
  dryRun?: boolean;
  /**
   * The commit the caller has just read as the head of `branch`, if it has:
   * the first attempt starts from it instead of fetching. Should the branch
   * have moved since, the push is refused and the change is applied again
   * on a freshly fetched head, as after any lost race.
   */
  knownHead?: string;
  /**
   * When the branch does not exist (e.g. an empty repository being seeded),
   * start it with a root commit instead of failing.
   */
  createBranchIfMissing?: boolean;
}

/**
 * A change pushed to a new branch, for a pull request.
 *
 * @public
 */
export interface BranchChangeRequest
  extends Omit<ConfigChangeRequest, 'createBranchIfMissing'> {
  /** The branch to create; the push fails if it already exists. */
  newBranch: string;
}

/**
 * A rollback: one folder made as it was at an earlier revision.
 *
 * @public
 */
export interface RestoreRequest
  extends Omit<ConfigChangeRequest, 'edit' | 'createBranchIfMissing'> {
  /** The folder (or file) to restore, repository-relative. */
  path: string;
  /** The revision whose content the folder gets. */
  revision: string;
}

/**
 * The textual change a request makes.
 *
 * @public
 */
export interface ConfigDiff {
  files: ChangedFile[];
  /** Unified diff, as `git diff` prints it. */
  patch: string;
}

/**
 * What a request did.
 *
 * @public
 */
export type ConfigChangeResult =
  | {
      status: 'committed';
      /** The branch the commit was pushed to. */
      branch: string;
      commit: string;
      /** The head the commit was made on; undefined for a root commit. */
      previousHead: string | undefined;
      diff: ConfigDiff;
      /** Pushes tried, 1 when nobody else moved the branch. */
      attempts: number;
    }
  | {
      status: 'dry-run';
      branch: string;
      previousHead: string | undefined;
      diff: ConfigDiff;
    }
  | {
      /** The edit left every file as it was: nothing was committed. */
      status: 'unchanged';
      branch: string;
      previousHead: string | undefined;
    };

/**
 * Options of {@link ConfigRepoWriter}.
 *
 * @public
 */
export interface ConfigRepoWriterOptions {
  git: GitCli;
  cache: RepositoryCache;
  logger?: LoggerService;
  /** Times a push that lost a race is re-applied and retried (5). */
  maxRetries?: number;
  /** Least base of the randomised back-off between retries (100 ms); a slower attempt widens it. */
  retryDelayMs?: number;
}

interface Target {
  /** Without credentials: for argv, messages and the cache. */
  url: string;
  /** As the caller gave it, possibly with credentials in the user-info. */
  remote: string;
  /** Branch whose head the change starts from. */
  base: string;
  /** Branch the commit is pushed to. */
  push: string;
  createBranch: 'never' | 'if-missing' | 'must-not-exist';
}

type AttemptOutcome =
  | { kind: 'done'; result: ConfigChangeResult }
  | { kind: 'retry'; reason: string };

const MAX_BACKOFF_MS = 30_000;

/**
 * Writes config-repo changes as linear commits. Each attempt runs the edit on
 * the remote head's objects in the repository cache, with nothing checked
 * out (see {@link ObjectWorkingTree}): the edit lists and reads only what it
 * touches, its changes become new blobs and trees in the cache, and a
 * deploy costs the same in a repository of thousands of applications as in
 * a small one. The commit is pushed without force. When the push loses a
 * race, the branch is fetched and the edit runs again on the new head, a
 * bounded number of times; history is never rewritten and no concurrent
 * commit is lost.
 *
 * @public
 */
export class ConfigRepoWriter {
  private readonly git: GitCli;
  private readonly cache: RepositoryCache;
  private readonly logger?: LoggerService;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;

  constructor(options: ConfigRepoWriterOptions) {
    this.git = options.git;
    this.cache = options.cache;
    this.logger = options.logger;
    this.maxRetries = options.maxRetries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** Commits the edit on the branch and pushes it. */
  async commit(request: ConfigChangeRequest): Promise<ConfigChangeResult> {
    const url = parseRepositoryUrl(request.url).url;
    const branch = await this.branchOf(request.url, request.branch);
    return this.apply(
      {
        url,
        remote: request.url,
        base: branch,
        push: branch,
        createBranch: request.createBranchIfMissing ? 'if-missing' : 'never',
      },
      request,
    );
  }

  /**
   * Commits the edit on a new branch that starts at the head of
   * `request.branch`, for a pull request. Fails with a conflict when the new
   * branch already exists.
   */
  async commitToNewBranch(
    request: BranchChangeRequest,
  ): Promise<ConfigChangeResult> {
    const url = parseRepositoryUrl(request.url).url;
    const base = await this.branchOf(request.url, request.branch);
    const newBranch = assertBranchName(request.newBranch);
    if (newBranch === base) {
      throw new InputError(
        `The new branch ${newBranch} must differ from the base branch`,
      );
    }
    return this.apply(
      {
        url,
        remote: request.url,
        base,
        push: newBranch,
        createBranch: 'must-not-exist',
      },
      request,
    );
  }

  /**
   * Restores a folder as it was at an earlier revision, as a new commit on
   * top of the branch (a rollback never rewrites history).
   */
  async restore(request: RestoreRequest): Promise<ConfigChangeResult> {
    parseRepositoryUrl(request.url);
    const revision = await this.cache.resolveRevision(
      request.url,
      assertRevision(request.revision),
    );
    return this.commit({
      ...request,
      edit: tree => tree.restore(request.path, revision),
    });
  }

  private async branchOf(remote: string, branch: string | undefined) {
    if (branch !== undefined) {
      return assertBranchName(branch);
    }
    return (await this.cache.lsRemote(remote)).branch;
  }

  private async apply(
    target: Target,
    request: ConfigChangeRequest | BranchChangeRequest,
  ): Promise<ConfigChangeResult> {
    if (
      request.knownHead !== undefined &&
      !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(request.knownHead)
    ) {
      throw new InputError(
        `The known head "${request.knownHead}" is not a full commit SHA`,
      );
    }
    const message = formatCommitMessage(request.message, request.trailers);
    const identity = identityEnvironment(
      request.author,
      request.committer ?? request.author,
    );
    let lastReason = '';
    let slowestAttempt = 0;
    for (let attempt = 1; attempt <= this.maxRetries + 1; attempt++) {
      if (attempt > 1) {
        await sleep(this.backoff(attempt - 1, slowestAttempt));
      }
      const started = Date.now();
      const outcome = await this.attempt(
        target,
        request,
        message,
        identity,
        attempt,
      );
      slowestAttempt = Math.max(slowestAttempt, Date.now() - started);
      if (outcome.kind === 'done') {
        return outcome.result;
      }
      lastReason = outcome.reason;
      this.logger?.debug(
        `Push to ${target.push} of ${target.url} was rejected (${
          outcome.reason
        }); attempt ${attempt} of ${this.maxRetries + 1}`,
      );
    }
    throw new ConflictError(
      `Could not push to branch ${target.push} of ${
        target.url
      }: it kept moving while the change was applied (${lastReason}); gave up after ${
        this.maxRetries + 1
      } attempts`,
    );
  }

  /**
   * Randomised exponential back-off, scaled by the slowest attempt so far
   * (the one made while most writers competed): competing writers then spread
   * over a window wide enough for each of them to fetch, edit and push,
   * however slow the machine or the remote is.
   */
  private backoff(retry: number, attemptMs: number): number {
    const unit = Math.max(this.retryDelayMs, attemptMs);
    return Math.random() * Math.min(unit * 2 ** retry, MAX_BACKOFF_MS);
  }

  private async attempt(
    target: Target,
    request: ConfigChangeRequest,
    message: string,
    identity: Record<string, string>,
    attempt: number,
  ): Promise<AttemptOutcome> {
    const { url } = target;
    const head =
      (attempt === 1 && (await this.knownHead(target, request.knownHead))) ||
      (await this.fetchHead(target));
    if (!head && target.createBranch !== 'if-missing') {
      throw new NotFoundError(`Branch ${target.base} not found in ${url}`);
    }
    if (target.createBranch === 'must-not-exist') {
      if (await this.cache.localBranch(url, target.push)) {
        throw new ConflictError(
          `Branch ${target.push} already exists in ${url}`,
        );
      }
    }

    const outcome = await this.cache.withRepository(url, 'read', gitDir =>
      this.editCommitPush(
        gitDir,
        target,
        head,
        request,
        message,
        identity,
        attempt,
      ),
    );
    if (outcome.kind === 'done' && outcome.result.status === 'committed') {
      await this.recordPushedHead(target, outcome.result.commit, head);
    }
    return outcome;
  }

  /** The branch head after a fetch (undefined when the branch is missing). */
  private async fetchHead(target: Target): Promise<string | undefined> {
    await this.cache.fetch(target.remote);
    return this.cache.localBranch(target.url, target.base);
  }

  /**
   * The head the caller has just read, when the cache holds it (fetching
   * only when it does not): no fetch of its own. Should the branch have moved
   * since, the push is refused and the next attempt fetches.
   */
  private async knownHead(
    target: Target,
    knownHead: string | undefined,
  ): Promise<string | undefined> {
    if (knownHead === undefined) {
      return undefined;
    }
    return this.cache
      .resolveRevision(target.remote, knownHead)
      .catch(() => undefined);
  }

  private async editCommitPush(
    gitDir: string,
    target: Target,
    head: string | undefined,
    request: ConfigChangeRequest,
    message: string,
    identity: Record<string, string>,
    attempt: number,
  ): Promise<AttemptOutcome> {
    const tree = new ObjectWorkingTree(
      head,
      names => this.readObjects(gitDir, names),
      head ? undefined : await this.objectFormat(gitDir),
    );
    await request.edit(tree);

    const built = tree.build();
    const branch = target.push;
    if (!built) {
      return {
        kind: 'done',
        result: { status: 'unchanged', branch, previousHead: head },
      };
    }
    // The new blobs and trees in one process; --strict checks each of them
    // (entry order, modes, that every object a tree names exists).
    await this.git.run(['unpack-objects', '-q', '--strict'], {
      gitDir,
      input: formatPack(built.objects, algorithmOf(built.tree)),
    });
    const newTree = built.tree;
    const baseTree = head ?? built.base;
    const known = (revision: string, path: string) =>
      tree.textAt(revision === baseTree ? built.base : revision, path);
    if (request.dryRun) {
      const diff = await this.diff(gitDir, baseTree, newTree, known);
      return {
        kind: 'done',
        result: { status: 'dry-run', branch, previousHead: head, diff },
      };
    }

    const commit = (
      await this.git.text(
        ['commit-tree', newTree, ...(head ? ['-p', head] : []), '-F', '-'],
        { gitDir, input: message, env: identity },
      )
    ).trim();

    const pushArgs = ['push', '--porcelain'];
    if (target.createBranch === 'must-not-exist') {
      // An empty expected value: the branch must not exist on the remote.
      pushArgs.push(`--force-with-lease=refs/heads/${branch}:`);
    }
    const push = await this.git.run(
      [...pushArgs, '--', target.url, `${commit}:refs/heads/${branch}`],
      { gitDir, remote: target.remote, allowedExitCodes: [1] },
    );
    const status = parsePushPorcelain(push.stdout.toString('utf8')).find(
      s => s.ref === `refs/heads/${branch}`,
    );
    if (push.exitCode === 0 && status && status.flag !== '!') {
      this.logger?.info(`Pushed ${commit} to ${branch} of ${target.url}`);
      // Computed after the push to keep the window in which others can
      // move the branch as short as possible.
      const diff = await this.diff(gitDir, baseTree, newTree, known);
      return {
        kind: 'done',
        result: {
          status: 'committed',
          branch,
          commit,
          previousHead: head,
          diff,
          attempts: attempt,
        },
      };
    }
    if (
      status &&
      target.createBranch === 'must-not-exist' &&
      status.flag === '!'
    ) {
      throw new ConflictError(
        `Branch ${branch} already exists in ${target.url}`,
      );
    }
    if (status && isRetryablePushRejection(status)) {
      return { kind: 'retry', reason: status.reason ?? status.summary };
    }
    throw new GitCommandError({
      message: `The push to branch ${branch} of ${target.url} was refused: ${
        status
          ? `${status.summary}${status.reason ? ` (${status.reason})` : ''}`
          : withoutRemoteText(push.stderr)
      }`,
      kind: 'rejected',
      command: 'git push',
      url: target.url,
      exitCode: push.exitCode,
      stderr: push.stderr,
    });
  }

  /** Objects by name, in one `git cat-file --batch`. */
  private async readObjects(
    gitDir: string,
    names: string[],
  ): Promise<Array<GitObject | undefined>> {
    if (names.length === 0) {
      return [];
    }
    const { stdout } = await this.git.run(['cat-file', '--batch'], {
      gitDir,
      input: `${names.join('\n')}\n`,
    });
    return parseCatFileBatchOutput(stdout, names.length);
  }

  /** The object format of a repository without commits to tell it by. */
  private async objectFormat(gitDir: string): Promise<HashAlgorithm> {
    const format = await this.git.text(['rev-parse', '--show-object-format'], {
      gitDir,
    });
    return format.trim() === 'sha256' ? 'sha256' : 'sha1';
  }

  /**
   * `known` answers the secret masking's reads it can without git: files of
   * the trees the edit listed or made.
   */
  private async diff(
    gitDir: string,
    from: string,
    to: string,
    known: (revision: string, path: string) => string | null | undefined,
  ): Promise<ConfigDiff> {
    const common = [
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--no-renames',
    ];
    const [names, patch] = await Promise.all([
      this.git.text(['diff', ...common, '--name-status', '-z', from, to], {
        gitDir,
      }),
      this.git.text(['diff', ...common, from, to], { gitDir }),
    ]);
    const files = parseNameStatus(names);
    return {
      files,
      // Overlays may hold Secrets and generator literals: their values
      // never reach a diff someone reads.
      patch: await maskPatchSecrets({
        patch,
        files,
        from,
        to,
        read: requests => this.readFiles(gitDir, requests, known),
      }),
    };
  }

  private async readFiles(
    gitDir: string,
    requests: ReadonlyArray<{ revision: string; path: string }>,
    known: (revision: string, path: string) => string | null | undefined,
  ): Promise<Array<string | undefined>> {
    const texts = requests.map(({ revision, path }) => known(revision, path));
    const unknown = requests.filter((_, index) => texts[index] === undefined);
    const read = await readFilesAt(this.git, gitDir, unknown);
    return texts.map(text =>
      text === undefined ? read.shift() : text ?? undefined,
    );
  }

  /**
   * Moves the cache's copy of the branch to the pushed commit, so readers see
   * it before the next fetch. Only when it still points where we started.
   */
  private async recordPushedHead(
    target: Target,
    commit: string,
    head: string | undefined,
  ) {
    const expected =
      target.push === target.base && head ? head : ''.padEnd(40, '0');
    await this.cache
      .withRepository(target.url, 'write', gitDir =>
        this.git.run(
          ['update-ref', `refs/heads/${target.push}`, commit, expected],
          { gitDir, allowedExitCodes: [1, 128] },
        ),
      )
      .catch(error =>
        this.logger?.debug(
          `Could not update the cached ${target.push}: ${error}`,
        ),
      );
  }
}

function identityEnvironment(
  author: CommitIdentity,
  committer: CommitIdentity,
): Record<string, string> {
  for (const [role, identity] of [
    ['author', author],
    ['committer', committer],
  ] as const) {
    if (
      !identity?.name?.trim() ||
      !identity?.email?.trim() ||
      /[<>\n\r\0]/.test(identity.name + identity.email)
    ) {
      throw new InputError(
        `The commit ${role} needs a name and an e-mail address without <, > or line breaks`,
      );
    }
  }
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
