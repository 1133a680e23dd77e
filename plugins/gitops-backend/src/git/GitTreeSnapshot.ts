import { InputError, NotFoundError } from '@backstage/errors';
import {
  RepositoryEntry,
  RepositorySnapshot,
} from '@slipway/plugin-gitops-node';
import { TreeEntry } from './parseLsTree';
import {
  isWithin,
  normalizeRepositoryPath,
  parentPath,
  resolveSymlinkTarget,
} from './repositoryPath';

/**
 * The entries and blob contents of one folder of a commit, recursively
 * (`git ls-tree -r -t` plus `git cat-file --batch`).
 */
export interface LoadedSubtree {
  entries: TreeEntry[];
  contents: Map<string, Buffer>;
}

/** Loads the subtree at a repository path of the snapshot's commit. */
export type SubtreeLoader = (path: string) => Promise<LoadedSubtree>;

interface KnownEntry {
  type: RepositoryEntry['type'];
  oid: string;
}

const MAX_SYMLINK_HOPS = 40;

/**
 * A {@link RepositorySnapshot} of one commit. The folder it was created for is
 * held in memory; paths elsewhere (a Kustomize overlay's `../../base`) are
 * loaded on first use. Symlinks are reported as `symlink` by `stat` and
 * `readDirectory` and followed by `readFile`; one that points outside the
 * repository is refused when it is loaded.
 *
 * @public
 */
export class GitTreeSnapshot implements RepositorySnapshot {
  readonly revision: string;
  private readonly entries = new Map<string, KnownEntry>();
  private readonly children = new Map<string, Set<string>>();
  private readonly contents = new Map<string, Buffer>();
  private readonly complete = new Set<string>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly loader: SubtreeLoader;

  /** Use {@link GitTreeSnapshot.create}, which loads the first folder. */
  private constructor(revision: string, loader: SubtreeLoader) {
    this.revision = revision;
    this.loader = loader;
  }

  static async create(
    revision: string,
    path: string,
    loader: SubtreeLoader,
  ): Promise<GitTreeSnapshot> {
    const snapshot = new GitTreeSnapshot(revision, loader);
    await snapshot.ensureComplete(normalizeRepositoryPath(path));
    return snapshot;
  }

  async readFile(path: string): Promise<Buffer> {
    const resolved = await this.resolve(normalizeRepositoryPath(path), true);
    const entry =
      resolved === undefined ? undefined : this.entries.get(resolved);
    if (resolved === '' || entry?.type === 'directory') {
      throw new InputError(`${path} is a directory, not a file`);
    }
    const content = entry && this.contents.get(entry.oid);
    if (!content) {
      throw new NotFoundError(
        `${path} does not exist at revision ${this.revision.slice(0, 12)}`,
      );
    }
    return Buffer.from(content);
  }

  async readDirectory(path: string): Promise<RepositoryEntry[]> {
    const resolved = await this.resolve(normalizeRepositoryPath(path), true);
    if (resolved === undefined) {
      throw new NotFoundError(
        `${path} does not exist at revision ${this.revision.slice(0, 12)}`,
      );
    }
    if (resolved !== '' && this.entries.get(resolved)?.type !== 'directory') {
      throw new InputError(`${path} is not a directory`);
    }
    await this.ensureComplete(resolved);
    return [...(this.children.get(resolved) ?? [])].sort().map(name => {
      const childPath = resolved ? `${resolved}/${name}` : name;
      return { name, type: this.entries.get(childPath)!.type };
    });
  }

  async stat(path: string): Promise<RepositoryEntry | undefined> {
    const normalized = normalizeRepositoryPath(path);
    if (normalized === '') {
      return { name: '', type: 'directory' };
    }
    const parent = await this.resolve(parentPath(normalized), true);
    if (parent === undefined) {
      return undefined;
    }
    const name = normalized.slice(normalized.lastIndexOf('/') + 1);
    const candidate = parent ? `${parent}/${name}` : name;
    await this.ensureKnown(candidate);
    const entry = this.entries.get(candidate);
    return entry ? { name, type: entry.type } : undefined;
  }

  /**
   * Resolves symlinks along a path. Returns the canonical path of an existing
   * entry, or undefined when some part does not exist.
   */
  private async resolve(
    path: string,
    followLast: boolean,
  ): Promise<string | undefined> {
    const pending = path === '' ? [] : path.split('/');
    let current = '';
    let hops = 0;
    while (pending.length > 0) {
      const candidate = current
        ? `${current}/${pending.shift()}`
        : pending.shift()!;
      await this.ensureKnown(candidate);
      const entry = this.entries.get(candidate);
      if (!entry) {
        return undefined;
      }
      if (entry.type === 'symlink' && (pending.length > 0 || followLast)) {
        hops += 1;
        if (hops > MAX_SYMLINK_HOPS) {
          throw new InputError(`Too many levels of symbolic links in ${path}`);
        }
        const target = this.symlinkTarget(candidate, entry);
        pending.unshift(...(target === '' ? [] : target.split('/')));
        current = '';
        continue;
      }
      if (entry.type === 'file' && pending.length > 0) {
        return undefined;
      }
      current = candidate;
    }
    return current;
  }

  private symlinkTarget(path: string, entry: KnownEntry): string {
    const target = this.contents.get(entry.oid)?.toString('utf8') ?? '';
    const resolved = resolveSymlinkTarget(path, target);
    if (resolved === undefined) {
      throw new InputError(
        `Refusing symbolic link ${path}: it points outside the repository (${target})`,
      );
    }
    return resolved;
  }

  private async ensureKnown(path: string): Promise<void> {
    if (this.entries.has(path) || this.isComplete(path)) {
      return;
    }
    await this.ensureComplete(path);
  }

  private isComplete(path: string): boolean {
    for (const folder of this.complete) {
      if (isWithin(path, folder)) {
        return true;
      }
    }
    return false;
  }

  private async ensureComplete(path: string): Promise<void> {
    if (this.isComplete(path)) {
      return;
    }
    let load = this.loading.get(path);
    if (!load) {
      load = this.loader(path).then(subtree => {
        this.merge(subtree);
        this.complete.add(path);
      });
      this.loading.set(path, load);
      load.finally(() => this.loading.delete(path)).catch(() => {});
    }
    await load;
  }

  private merge(subtree: LoadedSubtree) {
    for (const [oid, content] of subtree.contents) {
      this.contents.set(oid, content);
    }
    for (const entry of subtree.entries) {
      const type = entryType(entry);
      if (!type) {
        continue;
      }
      const known = { type, oid: entry.oid };
      if (type === 'symlink') {
        this.symlinkTarget(entry.path, known);
      }
      this.entries.set(entry.path, known);
      const parent = parentPath(entry.path);
      let siblings = this.children.get(parent);
      if (!siblings) {
        siblings = new Set();
        this.children.set(parent, siblings);
      }
      siblings.add(entry.path.slice(entry.path.lastIndexOf('/') + 1));
    }
  }
}

function entryType(entry: TreeEntry): RepositoryEntry['type'] | undefined {
  if (entry.type === 'tree') {
    return 'directory';
  }
  if (entry.type === 'blob') {
    return entry.mode === '120000' ? 'symlink' : 'file';
  }
  // Submodules have no content in this repository.
  return undefined;
}
