import { Knex } from 'knex';
import { DeliveryLedger } from '../webhooks/DeliveryLedger';

const DELIVERIES = 'gitops_webhook_deliveries';

/** How long a delivery is remembered: longer than any host retries one. */
const REPLAY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Old rows are deleted on every this-many-th delivery, not on each. */
const CLEANUP_EVERY = 100;

/**
 * A {@link DeliveryLedger} on the plugin's database: shared by every replica
 * and kept across restarts. The primary key makes the check and the record
 * one atomic step, so two replicas receiving the same delivery at once
 * cannot both accept it.
 */
export class DatabaseDeliveryLedger implements DeliveryLedger {
  private deliveries = 0;

  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async recordFirstSight(keys: string[]): Promise<boolean> {
    const receivedAt = this.now();
    if (++this.deliveries % CLEANUP_EVERY === 1) {
      await this.db(DELIVERIES)
        .where(
          'received_at',
          '<',
          new Date(receivedAt.getTime() - REPLAY_WINDOW_MS),
        )
        .delete();
    }
    try {
      await this.db.transaction(async tx => {
        await tx(DELIVERIES).insert(
          keys.map(key => ({ key, received_at: receivedAt })),
        );
      });
      return true;
    } catch (error) {
      const known = await this.db(DELIVERIES).whereIn('key', keys).first();
      if (known) {
        return false;
      }
      throw error;
    }
  }
}
