import { PushEvent } from './PushEvent';
import { normalizeRepositoryUrl } from './normalizeRepositoryUrl';

/**
 * The timer functions the debouncer schedules with, so tests can drive time.
 *
 * @public
 */
export interface DebounceTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** @public */
export interface PushDebouncerOptions {
  /** Receives one push per repository and branch per window. */
  onPush: (push: PushEvent) => void | Promise<void>;
  /** Told when `onPush` fails, since nobody awaits it. */
  onError: (error: unknown, push: PushEvent) => void;
  /** How long the first push of a burst waits for more (default 500 ms). */
  windowMs?: number;
  timers?: DebounceTimers;
}

interface Pending {
  push: PushEvent;
  timer: unknown;
}

const DEFAULT_WINDOW_MS = 500;

// Real timers must not keep a stopping backend alive for a pending window.
const realTimers: DebounceTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Coalesces pushes to the same repository and branch so a burst (CI writing
 * several overlays, a merge train) refreshes once. The window is fixed from
 * the first push, not extended by later ones, so no push waits longer than
 * the window however long the burst.
 *
 * @public
 */
export class PushDebouncer {
  readonly #onPush: PushDebouncerOptions['onPush'];
  readonly #onError: PushDebouncerOptions['onError'];
  readonly #windowMs: number;
  readonly #timers: DebounceTimers;
  readonly #pending = new Map<string, Pending>();

  constructor(options: PushDebouncerOptions) {
    this.#onPush = options.onPush;
    this.#onError = options.onError;
    this.#windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.#timers = options.timers ?? realTimers;
    if (!Number.isFinite(this.#windowMs) || this.#windowMs < 0) {
      throw new RangeError(
        `The webhook debounce window must be a non-negative number of milliseconds, got ${
          this.#windowMs
        }`,
      );
    }
  }

  /** Queues a push; returns at once. */
  add(push: PushEvent): void {
    const key = debounceKey(push);
    const pending = this.#pending.get(key);
    if (pending) {
      pending.push = mergePushes(pending.push, push);
      return;
    }
    const timer = this.#timers.setTimeout(
      () => this.#flush(key),
      this.#windowMs,
    );
    this.#pending.set(key, { push, timer });
  }

  /** Pushes waiting for their window to close. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Drops pending pushes without delivering them, for shutdown; the engine's
   * periodic refresh covers whatever they would have triggered.
   */
  dispose(): void {
    for (const { timer } of this.#pending.values()) {
      this.#timers.clearTimeout(timer);
    }
    this.#pending.clear();
  }

  #flush(key: string): void {
    const pending = this.#pending.get(key);
    if (!pending) {
      return;
    }
    this.#pending.delete(key);
    const { push } = pending;
    try {
      Promise.resolve(this.#onPush(push)).catch(error =>
        this.#onError(error, push),
      );
    } catch (error) {
      this.#onError(error, push);
    }
  }
}

function debounceKey(push: PushEvent): string {
  const repositories = push.repositoryUrls.map(
    url => normalizeRepositoryUrl(url) ?? url,
  );
  // Every URL in one payload names the same repository; the smallest key is
  // a stable pick among them.
  const repository = [...new Set(repositories)].sort()[0] ?? '';
  return `${repository}\n${push.branch}`;
}

/** The later push's head, and everything either push touched. */
function mergePushes(earlier: PushEvent, later: PushEvent): PushEvent {
  return {
    ...later,
    repositoryUrls: [
      ...new Set([...earlier.repositoryUrls, ...later.repositoryUrls]),
    ],
    defaultBranch: later.defaultBranch ?? earlier.defaultBranch,
    changedPaths: [
      ...new Set([...earlier.changedPaths, ...later.changedPaths]),
    ].sort(),
    complete: earlier.complete && later.complete,
  };
}
