type Mode = 'read' | 'write';

interface LockState {
  readers: number;
  writing: boolean;
  queue: Array<{ mode: Mode; grant: () => void }>;
}

/**
 * A read/write lock per key (here: per repository directory), in-process.
 * Readers share; a writer is alone. Waiters are served in arrival order, so a
 * stream of readers cannot starve a writer. Not reentrant: code holding a lock
 * must not ask for the same key again.
 */
export class KeyedReadWriteLock {
  private readonly states = new Map<string, LockState>();

  read<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.with(key, 'read', fn);
  }

  write<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.with(key, 'write', fn);
  }

  private async with<T>(key: string, mode: Mode, fn: () => Promise<T>) {
    await this.acquire(key, mode);
    try {
      return await fn();
    } finally {
      this.release(key, mode);
    }
  }

  private acquire(key: string, mode: Mode): Promise<void> {
    let state = this.states.get(key);
    if (!state) {
      state = { readers: 0, writing: false, queue: [] };
      this.states.set(key, state);
    }
    if (state.queue.length === 0 && canGrant(state, mode)) {
      take(state, mode);
      return Promise.resolve();
    }
    const waiting = state;
    return new Promise(resolve => {
      waiting.queue.push({
        mode,
        grant: () => {
          take(waiting, mode);
          resolve();
        },
      });
    });
  }

  private release(key: string, mode: Mode) {
    const state = this.states.get(key);
    if (!state) {
      return;
    }
    if (mode === 'write') {
      state.writing = false;
    } else {
      state.readers -= 1;
    }
    while (state.queue.length > 0 && canGrant(state, state.queue[0].mode)) {
      state.queue.shift()!.grant();
    }
    if (!state.writing && state.readers === 0 && state.queue.length === 0) {
      this.states.delete(key);
    }
  }
}

function canGrant(state: LockState, mode: Mode): boolean {
  return mode === 'read'
    ? !state.writing
    : !state.writing && state.readers === 0;
}

function take(state: LockState, mode: Mode) {
  if (mode === 'write') {
    state.writing = true;
  } else {
    state.readers += 1;
  }
}
