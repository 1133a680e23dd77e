import { InputError, NotFoundError } from '@backstage/errors';
import { RepositoryEntry } from '@slipway/plugin-gitops-node';
import { Dirent, promises as fs, Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { normalizeRepositoryPath } from './repositoryPath';
import { WorkingTree } from './WorkingTree';

/**
 * Restores a path of the tree from a revision; supplied by the writer,
 * which owns the git plumbing.
 */
export type RestoreFromRevision = (
  path: string,
  revision: string,
) => Promise<void>;

/**
 * A {@link WorkingTree} over a folder on disk.
 */
export class LocalWorkingTree implements WorkingTree {
  constructor(
    private readonly root: string,
    readonly head: string | undefined,
    private readonly restoreFromRevision: RestoreFromRevision,
  ) {}

  async readFile(path: string): Promise<Buffer> {
    const target = await this.resolveForRead(path);
    try {
      return await fs.readFile(target);
    } catch (error) {
      throw toNotFound(error, path);
    }
  }

  async readText(path: string): Promise<string> {
    return (await this.readFile(path)).toString('utf8');
  }

  async writeFile(path: string, content: string | Buffer): Promise<void> {
    const normalized = this.requireNonRoot(path, 'write');
    const target = await this.resolveForWrite(normalized);
    await fs.mkdir(join(target, '..'), { recursive: true });
    await fs.writeFile(target, content);
  }

  async remove(path: string): Promise<void> {
    const normalized = this.requireNonRoot(path, 'remove');
    const target = await this.resolveForWrite(normalized, true);
    await fs.rm(target, { recursive: true, force: true });
  }

  async stat(path: string): Promise<RepositoryEntry | undefined> {
    const normalized = normalizeRepositoryPath(path);
    const slash = normalized.lastIndexOf('/');
    let parent: string;
    try {
      parent = await this.resolveForRead(
        slash < 0 ? '' : normalized.slice(0, slash),
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        return undefined;
      }
      throw error;
    }
    const name = normalized.slice(slash + 1);
    if (name === '') {
      return { name, type: 'directory' };
    }
    const stats = await lstatOrUndefined(join(parent, name));
    return stats ? { name, type: entryType(stats) } : undefined;
  }

  async readDirectory(path: string): Promise<RepositoryEntry[]> {
    const target = await this.resolveForRead(path);
    let dirents: Dirent[];
    try {
      dirents = await fs.readdir(target, { withFileTypes: true });
    } catch (error) {
      throw toNotFound(error, path);
    }
    return dirents
      .map(dirent => ({ name: dirent.name, type: entryType(dirent) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async restore(path: string, revision: string): Promise<void> {
    const normalized = this.requireNonRoot(path, 'restore');
    await this.resolveForWrite(normalized, true);
    await this.restoreFromRevision(normalized, revision);
  }

  private requireNonRoot(path: string, action: string): string {
    const normalized = normalizeRepositoryPath(path);
    if (normalized === '') {
      throw new InputError(`Refusing to ${action} the repository root`);
    }
    return normalized;
  }

  /** Follows symlinks, but only to places inside the tree. */
  private async resolveForRead(path: string): Promise<string> {
    const normalized = normalizeRepositoryPath(path);
    const target = join(this.root, normalized);
    let real: string;
    try {
      real = await fs.realpath(target);
    } catch (error) {
      throw toNotFound(error, path);
    }
    const rootReal = await fs.realpath(this.root);
    const inside = relative(rootReal, real);
    if (
      inside.startsWith(`..${sep}`) ||
      inside === '..' ||
      inside.startsWith(sep)
    ) {
      throw new InputError(
        `Refusing to read ${path}: a symbolic link leads outside the repository`,
      );
    }
    return real;
  }

  /**
   * Refuses writes through symbolic links anywhere on the path, so nothing
   * outside the tree (or elsewhere inside it, behind the caller's back) is
   * touched. `allowLinkAtEnd` lets `remove` delete a symlink itself.
   */
  private async resolveForWrite(
    normalized: string,
    allowLinkAtEnd = false,
  ): Promise<string> {
    const segments = normalized.split('/');
    let current = this.root;
    for (let index = 0; index < segments.length; index++) {
      current = join(current, segments[index]);
      const stats = await lstatOrUndefined(current);
      if (!stats) {
        break;
      }
      const last = index === segments.length - 1;
      if (stats.isSymbolicLink() && !(last && allowLinkAtEnd)) {
        throw new InputError(
          `Refusing to write ${normalized}: ${segments
            .slice(0, index + 1)
            .join('/')} is a symbolic link`,
        );
      }
      if (!last && !stats.isDirectory()) {
        throw new InputError(
          `Refusing to write ${normalized}: ${segments
            .slice(0, index + 1)
            .join('/')} is not a directory`,
        );
      }
    }
    return join(this.root, normalized);
  }
}

function entryType(stats: Stats | Dirent): RepositoryEntry['type'] {
  if (stats.isSymbolicLink()) {
    return 'symlink';
  }
  return stats.isDirectory() ? 'directory' : 'file';
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function toNotFound(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NotFoundError(`${path} does not exist in the working tree`);
  }
  if (code === 'EISDIR') {
    return new InputError(`${path} is a directory, not a file`);
  }
  return error as Error;
}
