/**
 * The backend replicas that run the sync engine, as they announce
 * themselves on the database they share.
 */
export interface ReplicaRegistry {
  /** Records that this replica is alive now (creating its row if needed). */
  heartbeat(replicaId: string, at: Date): Promise<void>;
  /**
   * The replicas whose last heartbeat is not older than `staleBefore`,
   * sorted by id; rows of replicas dead for longer are removed on the way.
   */
  live(staleBefore: Date): Promise<string[]>;
  /** Removes this replica's row, e.g. when it shuts down cleanly. */
  leave(replicaId: string): Promise<void>;
}
