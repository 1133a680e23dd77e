import { createHash } from 'crypto';
import { posix } from 'path';
import {
  RenderError,
  RepositoryEntry,
  RepositorySnapshot,
} from '@slipway/plugin-gitops-node';
import {
  canonicalRepositoryPath,
  joinRepositoryPath,
} from '@slipway/plugin-gitops-common';
import { compareCodeUnits } from './compareCodeUnits';

/** @public */
export interface InMemorySnapshotOptions {
  revision: string;
  /** File contents by repository-relative path. */
  files: Record<string, string | Buffer>;
  /** Symbolic links by path, with their target as written in the link. */
  symlinks?: Record<string, string>;
}

const maxLinkHops = 40;

/**
 * A repository snapshot held in memory: for tests, benchmarks and callers that
 * already have the files (for example from a Git object store).
 *
 * @public
 */
export class InMemorySnapshot implements RepositorySnapshot {
  readonly revision: string;
  readonly #files = new Map<string, Buffer>();
  readonly #links = new Map<string, string>();
  readonly #directories = new Map<
    string,
    Map<string, RepositoryEntry['type']>
  >();
  readonly #ids = new Map<string, string>();

  constructor(options: InMemorySnapshotOptions) {
    this.revision = options.revision;
    this.#directories.set('.', new Map());
    for (const [path, content] of Object.entries(options.files)) {
      const key = this.#checked(path);
      this.#files.set(
        key,
        Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
      );
      this.#register(key, 'file');
    }
    for (const [path, target] of Object.entries(options.symlinks ?? {})) {
      const key = this.#checked(path);
      this.#links.set(key, target);
      this.#register(key, 'symlink');
    }
  }

  #checked(path: string): string {
    const key = canonicalRepositoryPath(path);
    if (!key || key === '.') {
      throw new RenderError('path is outside the repository', { file: path });
    }
    return key;
  }

  #register(path: string, type: RepositoryEntry['type']): void {
    let child = path;
    let childType = type;
    for (;;) {
      const parent = posix.dirname(child);
      const entries = this.#directories.get(parent) ?? new Map();
      entries.set(posix.basename(child), childType);
      this.#directories.set(parent, entries);
      if (parent === '.') {
        return;
      }
      child = parent;
      childType = 'directory';
    }
  }

  // Follows symbolic links inside the repository and refuses any that lead
  // out of it, the same contract DirectorySnapshot keeps on disk.
  #resolve(path: string): string {
    const key = canonicalRepositoryPath(path);
    if (!key) {
      throw new RenderError('path is outside the repository', { file: path });
    }
    const segments = key === '.' ? [] : key.split('/');
    let resolved = '.';
    let hops = 0;
    while (segments.length > 0) {
      const next =
        resolved === '.'
          ? segments.shift()!
          : `${resolved}/${segments.shift()!}`;
      const target = this.#links.get(next);
      if (target === undefined) {
        resolved = next;
        continue;
      }
      hops += 1;
      if (hops > maxLinkHops) {
        throw new RenderError('too many levels of symbolic links', {
          file: path,
        });
      }
      const joined = joinRepositoryPath(posix.dirname(next), target);
      if (!joined) {
        throw new RenderError(
          `symbolic link ${next} points outside the repository`,
          {
            file: path,
          },
        );
      }
      segments.unshift(...(joined === '.' ? [] : joined.split('/')));
      resolved = '.';
    }
    return resolved;
  }

  async readFile(path: string): Promise<Buffer> {
    const key = this.#resolve(path);
    const content = this.#files.get(key);
    if (!content) {
      throw new RenderError('no such file', { file: path });
    }
    return content;
  }

  async readDirectory(path: string): Promise<RepositoryEntry[]> {
    const key = this.#resolve(path);
    const entries = this.#directories.get(key);
    if (!entries) {
      throw new RenderError('no such directory', { file: path });
    }
    return [...entries]
      .map(([name, type]) => ({ name, type }))
      .sort((a, b) => compareCodeUnits(a.name, b.name));
  }

  async stat(path: string): Promise<RepositoryEntry | undefined> {
    const key = this.#resolve(path);
    const name = posix.basename(key);
    if (this.#files.has(key)) {
      return { name, type: 'file' };
    }
    if (this.#directories.has(key)) {
      return { name, type: 'directory' };
    }
    return undefined;
  }

  async contentId(path: string): Promise<string | undefined> {
    const key = this.#resolve(path);
    const content = this.#files.get(key);
    if (!content) {
      return undefined;
    }
    let id = this.#ids.get(key);
    if (!id) {
      id = createHash('sha1').update(content).digest('hex');
      this.#ids.set(key, id);
    }
    return id;
  }
}
