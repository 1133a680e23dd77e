import { RenderError, RepositorySnapshot } from '@slipway/plugin-gitops-node';
import { parseManifests, ParsedManifest } from './parseManifests';
import { RenderLimits } from './renderLimits';

/**
 * Reads files of one snapshot for one render, enforcing the file-count and
 * file-size limits and reading each file only once.
 */
export class RenderReader {
  readonly snapshot: RepositorySnapshot;
  readonly limits: RenderLimits;
  readonly #contents = new Map<string, Promise<Buffer>>();

  constructor(snapshot: RepositorySnapshot, limits: RenderLimits) {
    this.snapshot = snapshot;
    this.limits = limits;
  }

  bytes(path: string): Promise<Buffer> {
    let content = this.#contents.get(path);
    if (!content) {
      if (this.#contents.size >= this.limits.maxFiles) {
        throw new RenderError(
          `render reads more than ${this.limits.maxFiles} files (limit maxFiles)`,
          { file: path },
        );
      }
      content = this.#read(path);
      this.#contents.set(path, content);
    }
    return content;
  }

  async text(path: string): Promise<string> {
    return (await this.bytes(path)).toString('utf8');
  }

  async #read(path: string): Promise<Buffer> {
    const content = await this.snapshot.readFile(path);
    if (content.length > this.limits.maxFileBytes) {
      throw new RenderError(
        `file is ${content.length} bytes, above the limit maxFileBytes of ${this.limits.maxFileBytes}`,
        { file: path },
      );
    }
    return content;
  }

  async manifests(path: string): Promise<ParsedManifest[]> {
    return parseManifests(await this.text(path), path, {
      maxAliasCount: this.limits.maxAliasCount,
    });
  }

  /** The type of what is at a path, following symbolic links inside the repository. */
  async typeOf(path: string): Promise<'file' | 'directory' | undefined> {
    const entry = await this.snapshot.stat(path);
    if (!entry) {
      return undefined;
    }
    return entry.type === 'symlink' ? undefined : entry.type;
  }
}

/** Throws when the JSON encoding of the output exceeds the output limit. */
export function checkOutputSize(
  objects: unknown[],
  limits: RenderLimits,
  file: string,
): void {
  let bytes = 0;
  for (const object of objects) {
    bytes += Buffer.byteLength(JSON.stringify(object), 'utf8');
    if (bytes > limits.maxOutputBytes) {
      throw new RenderError(
        `rendered output exceeds ${limits.maxOutputBytes} bytes (limit maxOutputBytes)`,
        { file },
      );
    }
  }
}
