import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { GitCli } from './GitCli';
import { assertBranchName, assertRevision } from './gitRevision';
import { CommitListing } from './CommitListing';
import { parseDiffTree } from './parseDiffTree';
import { GitTreeSnapshot, LoadedSubtree } from './GitTreeSnapshot';
import { KeyedReadWriteLock } from './KeyedReadWriteLock';
import { parseCatFileBatch } from './parseCatFileBatch';
import { GIT_LOG_FORMAT, GitCommit, parseGitLog } from './parseGitLog';
import { parseLsTree, TreeEntry } from './parseLsTree';
import { parseRepositoryUrl } from './parseRepositoryUrl';
import { normalizeRepositoryPath } from './repositoryPath';

/**
 * A branch of a remote repository and the commit it points at.
 *
 * @public
 */
export interface BranchHead {
  branch: string;
  /** The commit SHA the branch points at. */
  revision: string;
}

/**
 * Options of {@link RepositoryCache.create}.
 *
 * @public
 */
export interface RepositoryCacheOptions {
  git: GitCli;
  /** Folder that holds one bare repository per URL; created when missing. */
  cacheDir: string;
  logger?: LoggerService;
  /** Snapshots kept in memory, keyed by repository, commit and folder (256). */
  snapshotCacheSize?: number;
  /**
   * A commit whose files add up to at most this many bytes is read into
   * memory whole on first use (32 MiB); larger ones are read per folder.
   */
  eagerCommitBytes?: number;
}

/**
 * Paging of {@link RepositoryCache.log}.
 *
 * @public
 */
export interface LogOptions {
  /** Most commits returned (default 50). */
  limit?: number;
  /** Commits skipped first, for paging. */
  skip?: number;
  /** Only commits whose message contains this text (a fixed string). */
  grep?: string;
}

/** Lock mode for {@link RepositoryCache.withRepository}. */
export type RepositoryAccess = 'read' | 'write';

const HEADS_REFSPEC = '+refs/heads/*:refs/heads/*';
/*
 * Whole-commit listings kept per repository: the branch head and the one
 * before it is what the engine reads. A listing of a large config
 * repository is tens of thousands of entries, so more of them cost real
 * memory. Per repository, not in all: with one config repository per
 * service, a shared pair was evicted by the next repository's commit and
 * every commit was listed twice a pass.
 */
const COMMITS_PER_REPOSITORY = 2;
/** All repositories together: bounds the cache when there are very many. */
const COMMIT_CACHE_SIZE = 4_000;
const KNOWN_COMMITS_LIMIT = 10_000;

/**
 * A commit's full listing, and its blobs (and their total size) when it is
 * small enough.
 */
interface CommitContent {
  sha: string;
  listing: CommitListing;
  contents?: Map<string, Buffer>;
  totalBytes?: number;
}

/**
 * A local bare copy of each remote repository, kept under one folder and
 * named after a hash of the URL. Created with the first use, then only
 * fetched. Git runs in one repository under a read/write lock: reads
 * (`readTree`, `log`, `showFile`) run side by side, a fetch runs alone.
 *
 * Snapshots are cached in memory by commit SHA, so the engine can ask for the
 * same application folder on every cycle without running git again.
 *
 * @public
 */
export class RepositoryCache {
  private readonly git: GitCli;
  private readonly cacheDir: string;
  private readonly logger?: LoggerService;
  private readonly locks = new KeyedReadWriteLock();
  private readonly ready = new Map<string, Promise<void>>();
  private readonly pendingFetches = new Map<string, Promise<void>>();
  private readonly pendingLsRemote = new Map<string, Promise<BranchHead>>();
  private readonly snapshots = new Map<string, Promise<GitTreeSnapshot>>();
  private readonly snapshotCacheSize: number;
  private readonly commits = new Map<string, Promise<CommitContent>>();
  /** The entries of {@link commits} that have loaded, by the same key. */
  private readonly loadedCommits = new Map<string, CommitContent>();
  private readonly eagerCommitBytes: number;
  /** Commits known to exist locally, so a SHA needs no `rev-parse`. */
  private readonly knownCommits = new Set<string>();
  private readonly pendingRevisions = new Map<string, Promise<string>>();
  /** Commits a remote named as a branch head (`lsRemote`): commits. */
  private readonly remoteHeads = new Set<string>();
  /** Repositories this process created and has not fetched into: empty. */
  private readonly neverFetched = new Set<string>();

  static async create(
    options: RepositoryCacheOptions,
  ): Promise<RepositoryCache> {
    await fs.mkdir(options.cacheDir, { recursive: true });
    return new RepositoryCache(options);
  }

  private constructor(options: RepositoryCacheOptions) {
    this.git = options.git;
    this.cacheDir = options.cacheDir;
    this.logger = options.logger;
    this.snapshotCacheSize = options.snapshotCacheSize ?? 256;
    this.eagerCommitBytes = options.eagerCommitBytes ?? 32 * 1024 * 1024;
  }

  /** The bare repository folder that caches a URL. */
  directoryFor(url: string): string {
    const safe = parseRepositoryUrl(url).url;
    const hash = createHash('sha256').update(safe).digest('hex').slice(0, 32);
    return join(this.cacheDir, `${hash}.git`);
  }

  /**
   * The commit a remote branch points at now, asked from the remote without
   * fetching (`git ls-remote`). Without a branch, the remote's default
   * branch. Concurrent calls for the same branch share one request.
   */
  async lsRemote(url: string, branch?: string): Promise<BranchHead> {
    const safe = parseRepositoryUrl(url).url;
    const key = `${safe}\0${branch ?? ''}`;
    let pending = this.pendingLsRemote.get(key);
    if (!pending) {
      pending = this.askRemote(url, safe, branch).then(head => {
        if (this.remoteHeads.size >= KNOWN_COMMITS_LIMIT) {
          this.remoteHeads.clear();
        }
        this.remoteHeads.add(`${this.directoryFor(safe)}\0${head.revision}`);
        return head;
      });
      this.pendingLsRemote.set(key, pending);
      pending.finally(() => this.pendingLsRemote.delete(key)).catch(() => {});
    }
    return pending;
  }

  /**
   * Like {@link RepositoryCache.lsRemote}, and also makes sure the commit is
   * in the local cache (fetching only when it is not), so it can be read.
   */
  async resolveBranch(url: string, branch?: string): Promise<BranchHead> {
    const head = await this.lsRemote(url, branch);
    const dir = this.directoryFor(url);
    // A repository not made yet, or made empty by this process, holds no
    // commit: no need to ask.
    if (
      this.neverFetched.has(dir) ||
      !(await exists(join(dir, 'HEAD'))) ||
      !(await this.hasCommit(url, head.revision))
    ) {
      await this.fetch(url);
    }
    return head;
  }

  /**
   * Brings the cache up to date with every branch of the remote. A caller
   * arriving while a fetch waits for the lock joins that fetch. The first
   * fetch of a URL clones: `init` and fetch in one git process.
   */
  async fetch(url: string): Promise<void> {
    const safe = parseRepositoryUrl(url).url;
    let pending = this.pendingFetches.get(safe);
    if (!pending) {
      const dir = this.directoryFor(safe);
      pending = this.locks.write(dir, async () => {
        // From here on, new callers need a newer fetch than this one.
        this.pendingFetches.delete(safe);
        // Under the write lock the folder is what it looks like: no other
        // creation or fetch of it is running.
        if (!(await exists(join(dir, 'HEAD')))) {
          await this.createRepository(safe, dir, url);
          this.ready.set(dir, Promise.resolve());
          return;
        }
        const first = this.neverFetched.has(dir);
        await this.git.run(
          [
            'fetch',
            '--prune',
            '--no-tags',
            '--quiet',
            // A repository fetched for the first time has nothing to
            // maintain: no `git maintenance` process after its fetch.
            ...(first ? ['--no-auto-maintenance'] : []),
            '--',
            safe,
            HEADS_REFSPEC,
          ],
          { gitDir: dir, remote: url },
        );
        this.neverFetched.delete(dir);
      });
      this.pendingFetches.set(safe, pending);
      pending.catch(() => this.pendingFetches.delete(safe));
    }
    return pending;
  }

  /**
   * The commit SHA of a revision (SHA, branch or tag) in the cache, fetching
   * once when it is not there. Branch names resolve to the last fetch.
   */
  async resolveRevision(url: string, revision: string): Promise<string> {
    assertRevision(revision);
    const dir = this.directoryFor(url);
    const key = `${dir}\0${revision}`;
    if (this.knownCommits.has(key)) {
      return revision;
    }
    // The engine asks for many folders of one commit at once: one rev-parse.
    let pending = this.pendingRevisions.get(key);
    if (!pending) {
      pending = this.lookUpRevision(url, dir, revision);
      this.pendingRevisions.set(key, pending);
      pending.finally(() => this.pendingRevisions.delete(key)).catch(() => {});
    }
    return pending;
  }

  private async lookUpRevision(
    url: string,
    dir: string,
    revision: string,
  ): Promise<string> {
    // Not cached yet (or made empty here): asking would create an empty
    // repository to find nothing in; fetching first clones it instead.
    const cached =
      !this.neverFetched.has(dir) && (await exists(join(dir, 'HEAD')));
    const local = cached ? await this.localRevision(url, revision) : undefined;
    if (local) {
      this.rememberCommit(dir, revision, local);
      return local;
    }
    await this.fetch(url);
    if (this.remoteHeads.has(`${dir}\0${revision}`)) {
      // The remote named this commit as a branch head just before the
      // fetch of all its branches: no rev-parse to find it. Should the
      // branch have been forced elsewhere since, reading it fails and the
      // commit is forgotten (see commitContent), so the next read asks.
      this.rememberCommit(dir, revision, revision);
      return revision;
    }
    const fetched = await this.localRevision(url, revision);
    if (!fetched) {
      throw new NotFoundError(
        `Revision ${revision} not found in ${parseRepositoryUrl(url).url}`,
      );
    }
    this.rememberCommit(dir, revision, fetched);
    return fetched;
  }

  /** A SHA that names a commit keeps naming it; branch names do not. */
  private rememberCommit(dir: string, revision: string, sha: string) {
    if (revision !== sha) {
      return;
    }
    if (this.knownCommits.size >= KNOWN_COMMITS_LIMIT) {
      this.knownCommits.clear();
    }
    this.knownCommits.add(`${dir}\0${sha}`);
  }

  /**
   * The files under a folder at a revision, as a {@link GitTreeSnapshot}
   * (a `RepositorySnapshot` for renderers). Paths in it are relative to the
   * repository root; the folder is loaded eagerly, other paths on demand.
   */
  async readTree(
    url: string,
    revision: string,
    path: string = '',
  ): Promise<GitTreeSnapshot> {
    const folder = normalizeRepositoryPath(path);
    const sha = await this.resolveRevision(url, revision);
    const dir = this.directoryFor(url);
    const key = `${dir}\0${sha}\0${folder}`;
    const cached = this.snapshots.get(key);
    if (cached) {
      // Re-insert to mark it as recently used.
      this.snapshots.delete(key);
      this.snapshots.set(key, cached);
      return cached;
    }
    const created = GitTreeSnapshot.create(sha, folder, subtreePath =>
      this.loadSubtree(dir, sha, subtreePath),
    );
    this.snapshots.set(key, created);
    created.catch(() => this.snapshots.delete(key));
    while (this.snapshots.size > this.snapshotCacheSize) {
      this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    return created;
  }

  /**
   * Commits reachable from a revision that touched a path, newest first.
   */
  async log(
    url: string,
    revision: string,
    path: string = '',
    options: LogOptions = {},
  ): Promise<GitCommit[]> {
    const folder = normalizeRepositoryPath(path);
    const sha = await this.resolveRevision(url, revision);
    const dir = this.directoryFor(url);
    const limit = Math.max(0, Math.floor(options.limit ?? 50));
    const skip = Math.max(0, Math.floor(options.skip ?? 0));
    const output = await this.locks.read(dir, () =>
      this.git.text(
        [
          'log',
          '-z',
          `--format=${GIT_LOG_FORMAT}`,
          `--max-count=${limit}`,
          `--skip=${skip}`,
          ...(options.grep !== undefined
            ? ['--fixed-strings', `--grep=${options.grep}`]
            : []),
          sha,
          '--',
          ...(folder ? [folder] : []),
        ],
        { gitDir: dir },
      ),
    );
    return parseGitLog(output);
  }

  /** The content of one file at a revision. */
  async showFile(url: string, revision: string, path: string): Promise<Buffer> {
    const snapshot = await this.readTree(url, revision, path);
    return snapshot.readFile(path);
  }

  /**
   * Runs `fn` with the cache folder of a URL under its lock. For the writer:
   * `read` for work that only adds objects, `write` for ref updates.
   */
  async withRepository<T>(
    url: string,
    access: RepositoryAccess,
    fn: (gitDir: string) => Promise<T>,
  ): Promise<T> {
    const dir = this.directoryFor(url);
    await this.ensureRepository(parseRepositoryUrl(url).url);
    return access === 'write'
      ? this.locks.write(dir, () => fn(dir))
      : this.locks.read(dir, () => fn(dir));
  }

  /** The commit a branch points at in the cache, if the branch exists there. */
  async localBranch(url: string, branch: string): Promise<string | undefined> {
    assertBranchName(branch);
    return this.localRevision(url, `refs/heads/${branch}`);
  }

  /** `remote` may carry credentials in its user-info; `url` never does. */
  private async askRemote(
    remote: string,
    url: string,
    branch?: string,
  ): Promise<BranchHead> {
    if (branch !== undefined) {
      assertBranchName(branch);
    }
    const wanted = branch === undefined ? 'HEAD' : `refs/heads/${branch}`;
    const { refs, symrefs } = await this.git.listRemoteRefs(remote, [wanted]);
    if (branch === undefined) {
      const target = symrefs.get('HEAD');
      const sha = refs.get('HEAD');
      if (!target?.startsWith('refs/heads/') || !sha) {
        throw new NotFoundError(
          `${url} has no default branch (is the repository empty?)`,
        );
      }
      return { branch: target.slice('refs/heads/'.length), revision: sha };
    }
    const sha = refs.get(wanted);
    if (!sha) {
      throw new NotFoundError(`Branch ${branch} not found in ${url}`);
    }
    return { branch, revision: sha };
  }

  private async hasCommit(url: string, sha: string): Promise<boolean> {
    return (await this.localRevision(url, sha)) === sha;
  }

  private async localRevision(
    url: string,
    revision: string,
  ): Promise<string | undefined> {
    return this.withRepository(url, 'read', async dir => {
      const result = await this.git.run(
        [
          'rev-parse',
          '--verify',
          '--quiet',
          '--end-of-options',
          `${revision}^{commit}`,
        ],
        { gitDir: dir, allowedExitCodes: [1, 128] },
      );
      const sha = result.stdout.toString('utf8').trim();
      return result.exitCode === 0 && sha ? sha : undefined;
    });
  }

  /**
   * The entries (and blobs) under a path, served from the commit's listing:
   * one `ls-tree` per commit, not per folder. When the whole commit is small
   * enough, its blobs are read in the same pass, so the next thousand folders
   * of that commit cost no git process at all.
   */
  private async loadSubtree(
    dir: string,
    sha: string,
    path: string,
  ): Promise<LoadedSubtree> {
    const commit = await this.commitContent(dir, sha);
    const entries = commit.listing.under(path);
    if (commit.contents) {
      const all = commit.contents;
      const contents = new Map<string, Buffer>();
      for (const entry of entries) {
        const content = entry.type === 'blob' ? all.get(entry.oid) : undefined;
        if (content) {
          contents.set(entry.oid, content);
        }
      }
      return { entries, contents };
    }
    return { entries, contents: await this.readBlobs(dir, entries) };
  }

  private commitContent(dir: string, sha: string): Promise<CommitContent> {
    const key = `${dir}\0${sha}`;
    const cached = this.commits.get(key);
    if (cached) {
      this.commits.delete(key);
      this.commits.set(key, cached);
      return cached;
    }
    // Chosen before loading: the commit loaded last of this repository,
    // if it was small enough to hold its blobs.
    const base = this.lastLoadedCommit(dir);
    const loading = this.locks.read(dir, async () => {
      if (base) {
        // Anything unexpected (the base's objects gone) falls back to a
        // full listing, which is always right.
        const derived = await this.deriveCommitContent(dir, base, sha).catch(
          () => undefined,
        );
        if (derived) {
          return derived;
        }
      }
      const entries = parseLsTree(
        (
          await this.git.run(
            ['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', sha],
            { gitDir: dir },
          )
        ).stdout,
      );
      const total = entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
      const listing = CommitListing.of(entries);
      if (total > this.eagerCommitBytes) {
        return { sha, listing };
      }
      return {
        sha,
        listing,
        contents: await this.readCommitBlobs(dir, entries),
        totalBytes: total,
      };
    });
    this.commits.set(key, loading);
    loading.then(
      content => {
        if (this.commits.get(key) === loading) {
          this.loadedCommits.set(key, content);
        }
      },
      () => {
        // Not readable: whatever said this commit was here is not trusted
        // again, so the next read asks git and says precisely what is wrong.
        this.commits.delete(key);
        this.knownCommits.delete(key);
        this.remoteHeads.delete(key);
      },
    );
    const prefix = `${dir}\0`;
    const ofRepository = [...this.commits.keys()].filter(cachedKey =>
      cachedKey.startsWith(prefix),
    );
    for (const oldest of ofRepository.slice(
      0,
      Math.max(0, ofRepository.length - COMMITS_PER_REPOSITORY),
    )) {
      this.forgetCommit(oldest);
    }
    while (this.commits.size > COMMIT_CACHE_SIZE) {
      this.forgetCommit(this.commits.keys().next().value!);
    }
    return loading;
  }

  private forgetCommit(key: string) {
    this.commits.delete(key);
    this.loadedCommits.delete(key);
  }

  /** The loaded commit of a repository seen last, with its blobs. */
  private lastLoadedCommit(dir: string): CommitContent | undefined {
    const prefix = `${dir}\0`;
    let last: CommitContent | undefined;
    for (const [key, content] of this.loadedCommits) {
      if (key.startsWith(prefix) && content.contents) {
        last = content;
      }
    }
    return last;
  }

  /**
   * A commit's listing and blobs from another commit's and the changes
   * between them (`git diff-tree`), reading only the blobs that are new: a
   * push of one file to a repository of thousands costs a few entries
   * instead of a fresh listing of everything, which the engine would
   * otherwise parse and index again for every push. Undefined when the
   * result would be too large to hold its blobs.
   */
  private async deriveCommitContent(
    dir: string,
    base: CommitContent,
    sha: string,
  ): Promise<CommitContent | undefined> {
    const changes = parseDiffTree(
      (
        await this.git.run(
          ['diff-tree', '-r', '-t', '-z', '--no-renames', base.sha, sha],
          { gitDir: dir },
        )
      ).stdout,
    );
    const contents = new Map(base.contents);
    const added = changes.flatMap(({ path, after }) =>
      after?.type === 'blob' && !contents.has(after.oid)
        ? [{ ...after, path }]
        : [],
    );
    for (const [oid, content] of await this.readBlobsUnlocked(dir, added)) {
      contents.set(oid, content);
    }
    let totalBytes = base.totalBytes!;
    for (const { before, after } of changes) {
      if (before?.type === 'blob') {
        totalBytes -= base.contents!.get(before.oid)?.length ?? 0;
      }
      if (after?.type === 'blob') {
        totalBytes += contents.get(after.oid)?.length ?? 0;
      }
    }
    if (totalBytes > this.eagerCommitBytes) {
      return undefined;
    }
    const listing = base.listing.withChanges(
      changes.map(({ path, after }) => ({
        path,
        after: after && {
          ...after,
          ...(after.type === 'blob'
            ? { size: contents.get(after.oid)?.length ?? 0 }
            : {}),
        },
      })),
    );
    // A blob no entry names any more goes (the same content may remain at
    // another path).
    for (const { before } of changes) {
      if (before?.type === 'blob' && !listing.hasBlob(before.oid)) {
        contents.delete(before.oid);
      }
    }
    return { sha, listing, contents, totalBytes };
  }

  /**
   * Every blob of a commit. A commit shares nearly all its blobs with the
   * commits before it, so those already read for a cached commit of the
   * same repository are reused (and shared in memory) and only the new ones
   * are read from git: a push of one file reads one blob.
   */
  private async readCommitBlobs(
    dir: string,
    entries: TreeEntry[],
  ): Promise<Map<string, Buffer>> {
    const known = this.cachedBlobsOf(dir);
    const contents = new Map<string, Buffer>();
    const missing: TreeEntry[] = [];
    for (const entry of entries) {
      if (entry.type !== 'blob') {
        continue;
      }
      const content = known.get(entry.oid);
      if (content) {
        contents.set(entry.oid, content);
      } else {
        missing.push(entry);
      }
    }
    for (const [oid, content] of await this.readBlobsUnlocked(dir, missing)) {
      contents.set(oid, content);
    }
    return contents;
  }

  /** The blobs of the cached commits of one repository that have loaded. */
  private cachedBlobsOf(dir: string): Map<string, Buffer> {
    const known = new Map<string, Buffer>();
    const prefix = `${dir}\0`;
    for (const [key, content] of this.loadedCommits) {
      if (key.startsWith(prefix)) {
        for (const [oid, blob] of content.contents ?? []) {
          known.set(oid, blob);
        }
      }
    }
    return known;
  }

  private readBlobs(dir: string, entries: TreeEntry[]) {
    return this.locks.read(dir, () => this.readBlobsUnlocked(dir, entries));
  }

  private async readBlobsUnlocked(
    dir: string,
    entries: TreeEntry[],
  ): Promise<Map<string, Buffer>> {
    const blobs = [
      ...new Set(entries.filter(e => e.type === 'blob').map(e => e.oid)),
    ];
    if (blobs.length === 0) {
      return new Map();
    }
    const batch = await this.git.run(['cat-file', '--batch'], {
      gitDir: dir,
      input: `${blobs.join('\n')}\n`,
    });
    return parseCatFileBatch(batch.stdout);
  }

  private ensureRepository(url: string): Promise<void> {
    const dir = this.directoryFor(url);
    let ready = this.ready.get(dir);
    if (!ready) {
      ready = this.locks.write(dir, async () => {
        if (!(await exists(join(dir, 'HEAD')))) {
          await this.createRepository(url, dir);
        }
      });
      this.ready.set(dir, ready);
      ready.catch(() => this.ready.delete(dir));
    }
    return ready;
  }

  /**
   * Makes the bare repository that caches `url`: cloned from `remote` when
   * given (one process for `init` and the first fetch), else empty. Built
   * beside its final name and renamed, so a crash never leaves a half-made
   * repository where the next start would look. Which URL a folder caches
   * is written for people in git's own `description` file; nothing else
   * needs configuring (a bare repository keeps no reflogs, and GitCli turns
   * background gc off for every command).
   */
  private async createRepository(
    url: string,
    dir: string,
    remote?: string,
  ): Promise<void> {
    const staging = `${dir}.init-${process.pid}-${Date.now()}`;
    try {
      if (remote) {
        await this.git.run(
          ['clone', '--bare', '--no-tags', '--quiet', '--', url, staging],
          { remote },
        );
      } else {
        await this.git.run(['init', '--bare', '--quiet', staging]);
      }
      await fs.writeFile(join(staging, 'description'), `${url}\n`);
      await fs.rename(staging, dir);
    } catch (error) {
      await fs.rm(staging, { recursive: true, force: true });
      if (!(await exists(join(dir, 'HEAD')))) {
        throw error;
      }
      return;
    }
    if (!remote) {
      this.neverFetched.add(dir);
    }
    this.logger?.debug(`Created repository cache ${dir} for ${url}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}
