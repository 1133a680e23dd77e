/** Who may change one application in one environment right now. */
export interface LockKey {
  entityRef: string;
  environment: string;
}

/**
 * One operation at a time per application and environment, across backend
 * replicas: the lock is a database row, kept alive by heartbeats, so a
 * replica that dies mid-operation leaves a lock others can take over.
 */
export interface LockStore {
  /**
   * Takes the lock for an operation. False when another live operation holds
   * it; a lock whose heartbeat is older than `staleBefore` is taken over.
   */
  tryAcquire(
    key: LockKey,
    holder: { operationId: string; owner: string },
    staleBefore: Date,
  ): Promise<boolean>;
  /** Refreshes the heartbeat of a lock this operation holds. */
  heartbeat(key: LockKey, operationId: string): Promise<void>;
  release(key: LockKey, operationId: string): Promise<void>;
  /**
   * The operation holding the lock, if any holds it still: a lock whose
   * heartbeat is older than `staleBefore` has no holder, since anyone may
   * take it over.
   */
  holder(key: LockKey, staleBefore: Date): Promise<string | undefined>;
  /** Removes the locks these operations hold, e.g. once they are settled. */
  releaseAll(operationIds: string[]): Promise<void>;
}
