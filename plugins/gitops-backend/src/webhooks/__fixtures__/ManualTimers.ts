import { DebounceTimers } from '../PushDebouncer';

/** Timers that fire only when a test advances the clock. */
export class ManualTimers implements DebounceTimers {
  #now = 0;
  #next = 0;
  readonly #scheduled = new Map<number, { at: number; callback: () => void }>();

  readonly setTimeout = (callback: () => void, ms: number): unknown => {
    const handle = this.#next++;
    this.#scheduled.set(handle, { at: this.#now + ms, callback });
    return handle;
  };

  readonly clearTimeout = (handle: unknown): void => {
    this.#scheduled.delete(handle as number);
  };

  get pending(): number {
    return this.#scheduled.size;
  }

  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#scheduled.entries()]
        .filter(([, timer]) => timer.at <= until)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      this.#scheduled.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = until;
  }
}
