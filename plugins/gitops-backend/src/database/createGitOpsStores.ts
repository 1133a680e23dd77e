import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DeliveryLedger } from '../webhooks/DeliveryLedger';
import { DatabaseDeliveryLedger } from './DatabaseDeliveryLedger';
import { DatabaseLockStore } from './DatabaseLockStore';
import { DatabaseOperationStore } from './DatabaseOperationStore';
import { DatabaseStatusStore } from './DatabaseStatusStore';
import { LockStore } from './LockStore';
import { OperationStore } from './OperationStore';
import { StatusStore } from './StatusStore';

/** Every store of the plugin, on one database. */
export interface GitOpsStores {
  status: StatusStore;
  operations: OperationStore;
  locks: LockStore;
  deliveries: DeliveryLedger;
}

/**
 * Opens the plugin's database, applies its knex migrations (unless the
 * portal sets `backend.database.migrations.skip`) and returns its stores.
 */
export async function createGitOpsStores(
  database: DatabaseService,
): Promise<GitOpsStores> {
  const client = await database.getClient();
  if (String(client.client.config.client).includes('sqlite')) {
    // The engine writes status and operations for every environment on every
    // pass; with SQLite's default rollback journal each write waits for an
    // fsync. A write-ahead log keeps the same durability guarantees for
    // committed transactions at a fraction of the cost.
    await client.raw('PRAGMA journal_mode = WAL');
    await client.raw('PRAGMA synchronous = NORMAL');
  }
  if (!database.migrations?.skip) {
    await client.migrate.latest({
      directory: resolvePackagePath(
        '@slipway/plugin-gitops-backend',
        'migrations',
      ),
    });
  }
  return {
    status: new DatabaseStatusStore(client),
    operations: new DatabaseOperationStore(client),
    locks: new DatabaseLockStore(client),
    deliveries: new DatabaseDeliveryLedger(client),
  };
}
