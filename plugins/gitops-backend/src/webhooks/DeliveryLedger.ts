/**
 * Remembers the webhook deliveries already received, so a captured delivery
 * sent again is refused instead of triggering another refresh.
 *
 * @public
 */
export interface DeliveryLedger {
  /**
   * Records the keys of one delivery (its id, the digest of its body).
   * Resolves false, recording nothing new, when any of them was recorded
   * before: the delivery is a replay.
   */
  recordFirstSight(keys: string[]): Promise<boolean>;
}

/**
 * A {@link DeliveryLedger} in memory, bounded to the newest `limit` keys: for
 * tests and single-replica portals without a database. A restart forgets.
 */
export class InMemoryDeliveryLedger implements DeliveryLedger {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 10_000) {}

  async recordFirstSight(keys: string[]): Promise<boolean> {
    if (keys.some(key => this.seen.has(key))) {
      return false;
    }
    for (const key of keys) {
      this.seen.add(key);
    }
    // A Set iterates in insertion order, so the first entries are the oldest.
    for (const oldest of this.seen) {
      if (this.seen.size <= this.limit) {
        break;
      }
      this.seen.delete(oldest);
    }
    return true;
  }
}
