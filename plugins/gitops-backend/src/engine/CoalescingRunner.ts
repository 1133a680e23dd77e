/**
 * Runs work per key one at a time. A request that arrives while the key's
 * work runs is folded into a single follow-up run, so a burst of triggers
 * (watch events, webhooks, timer) costs at most one extra run, and the
 * latest request is never lost.
 */
export class CoalescingRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const queued = this.queued.get(key);
    if (queued) {
      return queued;
    }
    const current = this.running.get(key);
    if (current) {
      const next = current
        .catch(() => undefined)
        .then(() => {
          this.queued.delete(key);
          return this.start(key, work);
        });
      this.queued.set(key, next);
      return next;
    }
    return this.start(key, work);
  }

  /** Keys with work running now. */
  get active(): number {
    return this.running.size;
  }

  private start(key: string, work: () => Promise<void>): Promise<void> {
    const promise = work().finally(() => {
      if (this.running.get(key) === promise) {
        this.running.delete(key);
      }
    });
    this.running.set(key, promise);
    return promise;
  }
}
