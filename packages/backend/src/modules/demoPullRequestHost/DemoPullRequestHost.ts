import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { OpenPullRequestRequest } from '@slipway/plugin-gitops-node';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoPullRequest, DemoPullRequestStore } from './DemoPullRequestStore';
import { mergeBranch } from './mergeBranch';
import { runGit } from './runGit';

/** Where `scripts/seed-demo.mjs` puts the demo's config repositories, relative to packages/backend. */
const DEFAULT_REPOS_DIR = '../../.demo/repos';

/**
 * The demo's stand-in for a Git host: pull requests between branches of the
 * bare config repositories under the demo's repos folder, kept in
 * `<repos>/../pull-requests.json`. Only repositories inside that folder are
 * served, and every stored repository URL is checked again before git runs
 * on it. For the demo and the end-to-end tests only.
 */
export class DemoPullRequestHost {
  static fromConfig(config: Config): DemoPullRequestHost {
    const reposDir = path.resolve(
      config.getOptionalString('slipwayDemo.pullRequests.reposDir') ??
        DEFAULT_REPOS_DIR,
    );
    return new DemoPullRequestHost({
      enabled:
        config.getOptionalBoolean('slipwayDemo.pullRequests.enabled') ?? false,
      reposDir,
    });
  }

  readonly enabled: boolean;
  private readonly reposDir: string;
  private readonly store: DemoPullRequestStore;

  constructor(options: { enabled: boolean; reposDir: string }) {
    this.enabled = options.enabled;
    this.reposDir = path.resolve(options.reposDir);
    this.store = new DemoPullRequestStore(
      path.join(path.dirname(this.reposDir), 'pull-requests.json'),
    );
  }

  /** The bare repository a `file://` URL names, when it lies inside the repos folder. */
  repositoryOf(repoUrl: string): string | undefined {
    let repository: string;
    try {
      const url = new URL(repoUrl);
      if (url.protocol !== 'file:' || (url.host && url.host !== 'localhost')) {
        return undefined;
      }
      repository = path.resolve(fileURLToPath(url));
    } catch {
      return undefined;
    }
    const relative = path.relative(
      canonical(this.reposDir),
      canonical(repository),
    );
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
      return undefined;
    }
    return repository;
  }

  async open(request: OpenPullRequestRequest): Promise<DemoPullRequest> {
    const repository = this.requireRepository(request.repoUrl);
    for (const branch of [request.sourceBranch, request.targetBranch]) {
      await this.requireBranch(repository, branch);
    }
    return this.store.transaction(async pullRequests => {
      // A retry after a crash reuses the pull request it already opened.
      const existing = pullRequests.find(
        pr =>
          pr.state === 'open' &&
          pr.repoUrl === request.repoUrl &&
          pr.sourceBranch === request.sourceBranch,
      );
      if (existing) {
        return { ...existing };
      }
      const pullRequest: DemoPullRequest = {
        number: Math.max(0, ...pullRequests.map(pr => pr.number)) + 1,
        repoUrl: request.repoUrl,
        sourceBranch: request.sourceBranch,
        targetBranch: request.targetBranch,
        title: request.title,
        body: request.body,
        state: 'open',
        createdAt: new Date().toISOString(),
      };
      pullRequests.push(pullRequest);
      return { ...pullRequest };
    });
  }

  async findOpen(
    repoUrl: string,
    sourceBranch: string,
  ): Promise<DemoPullRequest | undefined> {
    return (await this.store.list()).find(
      pr =>
        pr.state === 'open' &&
        pr.repoUrl === repoUrl &&
        pr.sourceBranch === sourceBranch,
    );
  }

  async get(number: number): Promise<DemoPullRequest> {
    const found = (await this.store.list()).find(pr => pr.number === number);
    if (!found) {
      throw new NotFoundError(`Pull request #${number} does not exist`);
    }
    return found;
  }

  /**
   * The folder name of one of its repositories, e.g. `payments.git`: what a
   * page shows of it, never where the demo lives on disk.
   */
  repositoryName(repoUrl: string): string {
    return path.basename(this.requireRepository(repoUrl));
  }

  /** The change the pull request proposes, or made once merged. */
  async diff(pullRequest: DemoPullRequest): Promise<string> {
    const repository = this.requireRepository(pullRequest.repoUrl);
    const range =
      pullRequest.state === 'merged' &&
      pullRequest.mergedFrom &&
      pullRequest.mergedCommitSha
        ? [pullRequest.mergedFrom, pullRequest.mergedCommitSha]
        : [
            `refs/heads/${pullRequest.targetBranch}...refs/heads/${pullRequest.sourceBranch}`,
          ];
    try {
      return await runGit(repository, ['diff', '--no-color', ...range, '--']);
    } catch {
      // A closed pull request's branch may be gone; the page still shows.
      return '';
    }
  }

  /** Merges an open pull request's branch into its target. */
  async merge(number: number): Promise<DemoPullRequest> {
    return this.store.transaction(async pullRequests => {
      const pullRequest = this.openOne(pullRequests, number, 'merge');
      const merged = await mergeBranch(
        this.requireRepository(pullRequest.repoUrl),
        {
          sourceBranch: pullRequest.sourceBranch,
          targetBranch: pullRequest.targetBranch,
          message: `Merge pull request #${number} from ${pullRequest.sourceBranch}\n\n${pullRequest.title}\n`,
        },
      );
      pullRequest.state = 'merged';
      pullRequest.mergedFrom = merged.previousCommit;
      pullRequest.mergedCommitSha = merged.commit;
      pullRequest.updatedAt = new Date().toISOString();
      return { ...pullRequest };
    });
  }

  async close(number: number): Promise<DemoPullRequest> {
    return this.store.transaction(async pullRequests => {
      const pullRequest = this.openOne(pullRequests, number, 'close');
      pullRequest.state = 'closed';
      pullRequest.updatedAt = new Date().toISOString();
      return { ...pullRequest };
    });
  }

  private openOne(
    pullRequests: DemoPullRequest[],
    number: number,
    action: string,
  ): DemoPullRequest {
    const pullRequest = pullRequests.find(pr => pr.number === number);
    if (!pullRequest) {
      throw new NotFoundError(`Pull request #${number} does not exist`);
    }
    if (pullRequest.state !== 'open') {
      throw new ConflictError(
        `Pull request #${number} is already ${pullRequest.state}; cannot ${action} it`,
      );
    }
    return pullRequest;
  }

  private requireRepository(repoUrl: string): string {
    const repository = this.repositoryOf(repoUrl);
    if (!repository) {
      throw new InputError(
        `${repoUrl} is not a repository of the demo's local Git host`,
      );
    }
    return repository;
  }

  private async requireBranch(repository: string, branch: string) {
    try {
      // Also refuses names git would read as options or revision syntax.
      await runGit(repository, ['check-ref-format', `refs/heads/${branch}`]);
      await runGit(repository, [
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${branch}^{commit}`,
      ]);
    } catch {
      throw new InputError(
        `Branch ${JSON.stringify(branch)} does not exist in ${path.basename(
          repository,
        )}`,
      );
    }
  }
}

/** The real path when it exists, so a symlinked temp or home folder still compares equal. */
function canonical(location: string): string {
  return existsSync(location) ? realpathSync.native(location) : location;
}
