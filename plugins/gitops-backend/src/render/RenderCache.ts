import {
  KubernetesObject,
  ManifestRenderer,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import {
  ReadRecord,
  readsUnchanged,
  RecordingSnapshot,
} from './RecordingSnapshot';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';

/** @public */
export interface RenderCacheOptions {
  /** What renders on a miss, usually {@link createRendererChain}. */
  renderer: ManifestRenderer;
  /** Most renders kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
}

/**
 * How a render was served: `hit` for the same revision, `unchanged` when an
 * earlier revision's render was reused because nothing it read changed, and
 * `rendered` when the renderer ran.
 *
 * @public
 */
export type RenderCacheSource = 'hit' | 'unchanged' | 'rendered';

/** @public */
export interface CachedRender {
  /**
   * The rendered objects, shared by every caller and frozen (deeply): copy
   * before changing anything.
   */
  objects: KubernetesObject[];
  revision: string;
  source: RenderCacheSource;
}

interface Entry {
  objects: KubernetesObject[];
  reads: ReadRecord;
  revision: string;
}

/**
 * Renders through a cache keyed by (repository, revision, path). A render
 * records every file and folder it read; at a new revision the previous
 * render of the same path is reused when all of those are unchanged, so a
 * commit re-renders only the applications whose inputs it touched.
 *
 * @public
 */
export class RenderCache {
  readonly #renderer: ManifestRenderer;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #latest = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<CachedRender>>();

  constructor(options: RenderCacheOptions) {
    this.#renderer = options.renderer;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** Number of (repository, revision, path) renders held. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The render of a path at a revision when the cache holds it, without
   * needing a snapshot of the revision: a caller that knows the commit can
   * skip reading the repository altogether on a hit.
   */
  peek(
    repository: string,
    revision: string,
    path: string,
  ): CachedRender | undefined {
    const normalized = canonicalRepositoryPath(path) ?? path;
    const key = `${repository}\0${revision}\0${normalized}`;
    const cached = this.#entries.get(key);
    if (!cached) {
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, cached);
    return { objects: cached.objects, revision, source: 'hit' };
  }

  async render(
    repository: string,
    request: RenderRequest,
  ): Promise<CachedRender> {
    const path = canonicalRepositoryPath(request.path) ?? request.path;
    const revision = request.snapshot.revision;
    const key = `${repository}\0${revision}\0${path}`;
    const cached = this.#entries.get(key);
    if (cached) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return { objects: cached.objects, revision, source: 'hit' };
    }
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#fill(key, `${repository}\0${path}`, { ...request, path });
      this.#pending.set(key, pending);
      pending.finally(() => this.#pending.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  /** Forgets every render of a repository (for example after its URL changed). */
  forget(repository: string): void {
    for (const map of [this.#entries, this.#latest]) {
      for (const key of [...map.keys()]) {
        if (key.startsWith(`${repository}\0`)) {
          map.delete(key);
        }
      }
    }
  }

  async #fill(
    key: string,
    latestKey: string,
    request: RenderRequest,
  ): Promise<CachedRender> {
    const revision = request.snapshot.revision;
    const previous = this.#latest.get(latestKey);
    if (
      previous &&
      previous.revision !== revision &&
      (await readsUnchanged(previous.reads, request.snapshot))
    ) {
      const entry = { ...previous, revision };
      this.#store(key, latestKey, entry);
      return { objects: entry.objects, revision, source: 'unchanged' };
    }
    const recording = new RecordingSnapshot(request.snapshot);
    // Frozen rather than copied for each caller: the engine reads every
    // environment's render on every pass, and copying them all cost more
    // than the comparisons they feed.
    const objects = deepFreeze(
      await this.#renderer.render({
        ...request,
        snapshot: recording,
      }),
    );
    const entry = { objects, reads: recording.reads, revision };
    this.#store(key, latestKey, entry);
    return { objects, revision, source: 'rendered' };
  }

  #store(key: string, latestKey: string, entry: Entry): void {
    this.#entries.set(key, entry);
    this.#latest.set(latestKey, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
