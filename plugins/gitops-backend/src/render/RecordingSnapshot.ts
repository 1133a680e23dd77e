import { createHash } from 'crypto';
import {
  RepositoryEntry,
  RepositorySnapshot,
} from '@slipway/plugin-gitops-node';

/**
 * What one render looked at, as `kind:path` → fingerprint: file contents,
 * folder listings and existence checks. If all of them are the same at
 * another revision, the render's output is the same too.
 */
export type ReadRecord = Map<string, string>;

function fingerprint(content: Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

function listing(entries: RepositoryEntry[]): string {
  return entries.map(e => `${e.type}:${e.name}`).join('\n');
}

/** A snapshot that records every read into a {@link ReadRecord}. */
export class RecordingSnapshot implements RepositorySnapshot {
  readonly revision: string;
  readonly reads: ReadRecord = new Map();
  readonly #inner: RepositorySnapshot;

  constructor(inner: RepositorySnapshot) {
    this.#inner = inner;
    this.revision = inner.revision;
  }

  async readFile(path: string): Promise<Buffer> {
    const content = await this.#inner.readFile(path);
    const id = this.#inner.contentId
      ? await this.#inner.contentId(path)
      : undefined;
    this.reads.set(`file:${path}`, id ?? fingerprint(content));
    return content;
  }

  async readDirectory(path: string): Promise<RepositoryEntry[]> {
    const entries = await this.#inner.readDirectory(path);
    this.reads.set(`dir:${path}`, listing(entries));
    return entries;
  }

  async stat(path: string): Promise<RepositoryEntry | undefined> {
    const entry = await this.#inner.stat(path);
    this.reads.set(`stat:${path}`, entry?.type ?? '-');
    return entry;
  }

  async contentId(path: string): Promise<string | undefined> {
    return this.#inner.contentId?.(path);
  }
}

/** Whether every read in the record gives the same answer in `snapshot`. */
export async function readsUnchanged(
  reads: ReadRecord,
  snapshot: RepositorySnapshot,
): Promise<boolean> {
  for (const [key, expected] of reads) {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    const path = key.slice(colon + 1);
    let actual: string;
    try {
      if (kind === 'file') {
        const id = snapshot.contentId
          ? await snapshot.contentId(path)
          : undefined;
        actual = id ?? fingerprint(await snapshot.readFile(path));
      } else if (kind === 'dir') {
        actual = listing(await snapshot.readDirectory(path));
      } else {
        actual = (await snapshot.stat(path))?.type ?? '-';
      }
    } catch {
      return false;
    }
    if (actual !== expected) {
      return false;
    }
  }
  return true;
}
