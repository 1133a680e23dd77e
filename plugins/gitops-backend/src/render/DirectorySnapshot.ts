import { promises as fs } from 'fs';
import { resolve, sep } from 'path';
import {
  RenderError,
  RepositoryEntry,
  RepositorySnapshot,
} from '@slipway/plugin-gitops-node';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';
import { compareCodeUnits } from './compareCodeUnits';

/** @public */
export interface DirectorySnapshotOptions {
  /** The checked-out working tree. */
  root: string;
  /** The commit checked out there. */
  revision: string;
  /** Files above this size are refused before they are read; default 1 MiB. */
  maxFileBytes?: number;
}

/**
 * A repository snapshot over a checked-out folder on disk. Every path is
 * resolved through the file system's real path, so neither `..` nor a
 * symbolic link can lead a render outside the working tree.
 *
 * @public
 */
export class DirectorySnapshot implements RepositorySnapshot {
  readonly revision: string;
  readonly #root: string;
  readonly #maxFileBytes: number;
  #realRoot?: Promise<string>;

  constructor(options: DirectorySnapshotOptions) {
    this.revision = options.revision;
    this.#root = resolve(options.root);
    this.#maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
  }

  #rootPath(): Promise<string> {
    this.#realRoot ??= fs.realpath(this.#root);
    return this.#realRoot;
  }

  /** The real path on disk, or undefined when nothing is there. */
  async #locate(path: string): Promise<string | undefined> {
    const key = canonicalRepositoryPath(path);
    if (!key) {
      throw new RenderError('path is outside the repository', { file: path });
    }
    const root = await this.#rootPath();
    const candidate = key === '.' ? root : resolve(root, key);
    let real: string;
    try {
      real = await fs.realpath(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
        throw new RenderError('too many levels of symbolic links', {
          file: path,
        });
      }
      throw error;
    }
    if (real !== root && !real.startsWith(root + sep)) {
      throw new RenderError('symbolic link points outside the repository', {
        file: path,
      });
    }
    return real;
  }

  async readFile(path: string): Promise<Buffer> {
    const real = await this.#locate(path);
    if (!real) {
      throw new RenderError('no such file', { file: path });
    }
    const info = await fs.stat(real);
    if (!info.isFile()) {
      throw new RenderError('not a regular file', { file: path });
    }
    if (info.size > this.#maxFileBytes) {
      throw new RenderError(
        `file is ${info.size} bytes, above the limit maxFileBytes of ${
          this.#maxFileBytes
        }`,
        { file: path },
      );
    }
    return fs.readFile(real);
  }

  async readDirectory(path: string): Promise<RepositoryEntry[]> {
    const real = await this.#locate(path);
    if (!real) {
      throw new RenderError('no such directory', { file: path });
    }
    const entries = await fs.readdir(real, { withFileTypes: true });
    const result: RepositoryEntry[] = [];
    for (const entry of entries) {
      if (entry.isFile()) {
        result.push({ name: entry.name, type: 'file' });
      } else if (entry.isDirectory()) {
        result.push({ name: entry.name, type: 'directory' });
      } else if (entry.isSymbolicLink()) {
        result.push({ name: entry.name, type: 'symlink' });
      }
    }
    return result.sort((a, b) => compareCodeUnits(a.name, b.name));
  }

  async stat(path: string): Promise<RepositoryEntry | undefined> {
    const real = await this.#locate(path);
    if (!real) {
      return undefined;
    }
    const info = await fs.stat(real);
    const name = path.split('/').pop() ?? path;
    if (info.isFile()) {
      return { name, type: 'file' };
    }
    if (info.isDirectory()) {
      return { name, type: 'directory' };
    }
    return undefined;
  }
}
