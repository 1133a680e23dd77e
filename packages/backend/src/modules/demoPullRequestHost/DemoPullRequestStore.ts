import { promises as fs } from 'node:fs';
import path from 'node:path';

/** One pull request of the demo's local Git host. */
export interface DemoPullRequest {
  number: number;
  /** The config repository's `file://` URL, as the backend gave it. */
  repoUrl: string;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  body: string;
  state: 'open' | 'merged' | 'closed';
  createdAt: string;
  /** When merged: the target branch's commit before and after the merge. */
  mergedFrom?: string;
  mergedCommitSha?: string;
  updatedAt?: string;
}

interface StoredPullRequests {
  pullRequests: DemoPullRequest[];
}

/**
 * The demo host's pull requests in one small JSON file, so they survive a
 * restart of the demo backend next to the repositories they belong to.
 * Every read-modify-write runs one after the other, so two clicks on Merge
 * cannot both see the pull request open.
 */
export class DemoPullRequestStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Runs `fn` on the stored pull requests alone; what it changes is saved. */
  transaction<T>(fn: (pullRequests: DemoPullRequest[]) => Promise<T>) {
    const run = this.queue.then(async () => {
      const stored = await this.read();
      const before = JSON.stringify(stored);
      const result = await fn(stored.pullRequests);
      if (JSON.stringify(stored) !== before) {
        await this.write(stored);
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async list(): Promise<DemoPullRequest[]> {
    return this.transaction(async pullRequests =>
      pullRequests.map(pullRequest => ({ ...pullRequest })),
    );
  }

  private async read(): Promise<StoredPullRequests> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8'));
      return {
        pullRequests: Array.isArray(parsed?.pullRequests)
          ? parsed.pullRequests
          : [],
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { pullRequests: [] };
      }
      throw error;
    }
  }

  private async write(stored: StoredPullRequests) {
    // Write-then-rename, so a crash mid-write never leaves half a file.
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`);
    await fs.rename(temporary, this.file);
  }
}
