import { Knex } from 'knex';
import { LockKey, LockStore } from './LockStore';

const LOCKS = 'gitops_locks';

interface LockRow {
  entity_ref: string;
  environment: string;
  operation_id: string;
  owner: string;
  heartbeat_at: Date | string;
}

/** A {@link LockStore} on the plugin's knex database: the primary key is the lock. */
export class DatabaseLockStore implements LockStore {
  constructor(private readonly db: Knex) {}

  async tryAcquire(
    key: LockKey,
    holder: { operationId: string; owner: string },
    staleBefore: Date,
  ): Promise<boolean> {
    const where = { entity_ref: key.entityRef, environment: key.environment };
    // A dead holder's lock is removed only if it is still the same stale
    // row, so two replicas taking it over at once cannot both succeed.
    await this.db<LockRow>(LOCKS)
      .where(where)
      .andWhere('heartbeat_at', '<', staleBefore)
      .delete();
    try {
      await this.db<LockRow>(LOCKS).insert({
        ...where,
        operation_id: holder.operationId,
        owner: holder.owner,
        heartbeat_at: new Date(),
      });
      return true;
    } catch (error) {
      const current = await this.db<LockRow>(LOCKS).where(where).first();
      if (current) {
        return false;
      }
      throw error;
    }
  }

  async heartbeat(key: LockKey, operationId: string): Promise<void> {
    await this.db<LockRow>(LOCKS)
      .where({
        entity_ref: key.entityRef,
        environment: key.environment,
        operation_id: operationId,
      })
      .update({ heartbeat_at: new Date() });
  }

  async release(key: LockKey, operationId: string): Promise<void> {
    await this.db<LockRow>(LOCKS)
      .where({
        entity_ref: key.entityRef,
        environment: key.environment,
        operation_id: operationId,
      })
      .delete();
  }

  async holder(key: LockKey, staleBefore: Date): Promise<string | undefined> {
    const row = await this.db<LockRow>(LOCKS)
      .where({ entity_ref: key.entityRef, environment: key.environment })
      .andWhere('heartbeat_at', '>=', staleBefore)
      .first();
    return row?.operation_id;
  }

  async releaseAll(operationIds: string[]): Promise<void> {
    if (operationIds.length > 0) {
      await this.db<LockRow>(LOCKS)
        .whereIn('operation_id', operationIds)
        .delete();
    }
  }
}
