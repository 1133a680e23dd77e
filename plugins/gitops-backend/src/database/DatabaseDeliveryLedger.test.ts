import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { createGitOpsStores } from './createGitOpsStores';
import { DatabaseDeliveryLedger } from './DatabaseDeliveryLedger';

describe('DatabaseDeliveryLedger', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'refuses a replay, also after a restart and from another replica, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await createGitOpsStores(mockServices.database({ knex }));
      const replicaA = new DatabaseDeliveryLedger(knex);
      const replicaB = new DatabaseDeliveryLedger(knex);

      await expect(
        replicaA.recordFirstSight(['body:1', 'delivery:github:1']),
      ).resolves.toBe(true);
      await expect(
        replicaB.recordFirstSight(['body:1', 'delivery:github:2']),
      ).resolves.toBe(false);
      // A new ledger on the same database (a restarted backend) still knows.
      await expect(
        new DatabaseDeliveryLedger(knex).recordFirstSight([
          'body:2',
          'delivery:github:1',
        ]),
      ).resolves.toBe(false);
      // The refused deliveries recorded none of their keys.
      await expect(replicaB.recordFirstSight(['body:2'])).resolves.toBe(true);

      const racing = await Promise.all(
        [replicaA, replicaB].map(ledger => ledger.recordFirstSight(['body:3'])),
      );
      expect(racing.sort()).toEqual([false, true]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'forgets deliveries older than the replay window, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await createGitOpsStores(mockServices.database({ knex }));
      let now = new Date('2026-01-01T00:00:00Z');
      const ledger = new DatabaseDeliveryLedger(knex, () => now);
      await ledger.recordFirstSight(['body:old']);
      now = new Date('2026-01-09T00:00:00Z');
      for (let i = 0; i < 100; i++) {
        await ledger.recordFirstSight([`body:new-${i}`]);
      }
      const keys = (await knex('gitops_webhook_deliveries').select('key')).map(
        row => row.key,
      );
      expect(keys).not.toContain('body:old');
      expect(keys).toHaveLength(100);
      await knex.destroy();
    },
  );
});
