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
      });
      expect(observations.get('staging')?.message).toBe('cluster unreachable');

      await knex.destroy();
    },
  );
});
