/**
 * Runs work per key one at a time. A request that arrives while the key's
 * work runs is folded into a single follow-up run, so a burst of triggers
 * (watch events, webhooks, timer) costs at most one extra run, and the
 * latest request is never lost.
 */
export class CoalescingRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<
    string,
    { promise: Promise<void>; work: () => Promise<void> }
  >();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const queued = this.queued.get(key);
    if (queued) {
      // The follow-up runs the latest request, not the first of the burst:
      // a later request may carry a newer revision than an earlier one.
      queued.work = work;
      return queued.promise;
    }
    const current = this.running.get(key);
    if (current) {
      const follower: { promise: Promise<void>; work: () => Promise<void> } = {
        work,
        promise: current
          .catch(() => undefined)
          .then((): Promise<void> => {
            this.queued.delete(key);
            return this.start(key, follower.work);
          }),
      };
      this.queued.set(key, follower);
      return follower.promise;
    }
    return this.start(key, work);
  }

  /** Resolves once no work runs or waits, e.g. before a shutdown. */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.queued.size > 0) {
      await Promise.allSettled([
        ...this.running.values(),
        ...[...this.queued.values()].map(queued => queued.promise),
      ]);
    }
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
