import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { createGitOpsStores } from './createGitOpsStores';

describe('DatabaseStatusStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'stores and replaces observations per environment, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { status: store } = await createGitOpsStores(
        mockServices.database({ knex }),
      );

      await store.saveObservation({
        entityRef: 'component:default/payments',
        environment: 'dev',
        revision: 'a'.repeat(40),
        version: '1.0.0',
        image: 'ghcr.io/acme/payments',
        syncStatus: 'OutOfSync',
        health: 'Progressing',
        message: 'applying',
        refreshedAt: new Date('2026-11-01T10:00:00Z'),
      });
      await store.saveObservation({
        entityRef: 'component:default/payments',
        environment: 'dev',
        revision: 'b'.repeat(40),
        version: '1.1.0',
        syncStatus: 'Synced',
        health: 'Healthy',
        refreshedAt: new Date('2026-11-01T10:05:00Z'),
      });
      await store.saveObservation({
        entityRef: 'component:default/payments',
        environment: 'staging',
        syncStatus: 'Unknown',
        health: 'Unknown',
        message: 'cluster unreachable',
        refreshedAt: new Date('2026-11-01T10:06:00Z'),
      });
      await store.saveObservation({
        entityRef: 'component:default/checkout',
        environment: 'dev',
        syncStatus: 'Synced',
        health: 'Healthy',
        refreshedAt: new Date('2026-11-01T10:07:00Z'),
      });

      const observations = await store.getObservations(
        'component:default/payments',
      );
      expect([...observations.keys()].sort()).toEqual(['dev', 'staging']);
      expect(observations.get('dev')).toEqual({
        entityRef: 'component:default/payments',
        environment: 'dev',
        revision: 'b'.repeat(40),
        version: '1.1.0',
        image: undefined,
        syncStatus: 'Synced',
        health: 'Healthy',
        message: undefined,
        refreshedAt: new Date('2026-11-01T10:05:00Z'),
        liveVersion: undefined,
        driftCount: 0,
        resources: undefined,
        lastSyncedRevision: undefined,
        failedRevision: undefined,
        syncFailures: 0,
        nextRetryAt: undefined,
      });
      expect(observations.get('staging')?.message).toBe('cluster unreachable');

      await store.saveObservation({
        entityRef: 'component:default/checkout',
        environment: 'dev',
        revision: 'd'.repeat(40),
        syncStatus: 'OutOfSync',
        health: 'Degraded',
        refreshedAt: new Date('2026-11-01T10:08:00Z'),
        liveVersion: '2.0.0',
        driftCount: 1,
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'checkout-dev',
            name: 'checkout',
            syncStatus: 'OutOfSync',
            health: 'Degraded',
            changes: [{ path: 'spec.replicas', desired: 2, live: 5 }],
          },
        ],
        lastSyncedRevision: 'c'.repeat(40),
        failedRevision: 'd'.repeat(40),
        syncFailures: 2,
        nextRetryAt: new Date('2026-11-01T10:08:10Z'),
      });
      const checkout = (
        await store.getObservations('component:default/checkout')
      ).get('dev');
      expect(checkout).toMatchObject({
        liveVersion: '2.0.0',
        driftCount: 1,
        lastSyncedRevision: 'c'.repeat(40),
        failedRevision: 'd'.repeat(40),
        syncFailures: 2,
        nextRetryAt: new Date('2026-11-01T10:08:10Z'),
      });
      expect(checkout?.resources?.[0].changes).toEqual([
        { path: 'spec.replicas', desired: 2, live: 5 },
      ]);

      await knex.destroy();
    },
  );
});
