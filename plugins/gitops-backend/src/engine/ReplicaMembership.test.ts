import { mockServices } from '@backstage/backend-test-utils';
import { captureLogger } from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { createGitOpsStores } from '../database/createGitOpsStores';
import { DatabaseReplicaRegistry } from '../database/DatabaseReplicaRegistry';
import { ReplicaMembership } from './ReplicaMembership';

const entityRefs = Array.from(
  { length: 300 },
  (_, i) => `component:default/service-${i}`,
);

describe('ReplicaMembership', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'splits the applications among the live replicas, and takes over a dead one’s share, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await createGitOpsStores(mockServices.database({ knex }));
      const registry = new DatabaseReplicaRegistry(knex);
      let now = new Date('2026-12-02T10:00:00Z');
      const { logger, lines } = captureLogger();
      const start = (replicaId: string) =>
        ReplicaMembership.start({
          registry,
          replicaId,
          heartbeatMs: 10_000,
          logger,
          now: () => now,
        });
      const a = await start('replica-a');
      const b = await start('replica-b');
      const c = await start('replica-c');
      // a and b started before c: they learn of it at their next refresh.
      await a.refresh();
      await b.refresh();
      const replicas = [a, b, c];
      for (const replica of replicas) {
        expect(replica.replicas).toEqual([
          'replica-a',
          'replica-b',
          'replica-c',
        ]);
      }

      const owners = (members: ReplicaMembership[]) =>
        entityRefs.map(ref =>
          members.filter(member => member.owns(ref)).map(m => m.replicaId),
        );
      // Each application has exactly one owner, and each replica a share.
      expect(owners(replicas).every(list => list.length === 1)).toBe(true);
      for (const replica of replicas) {
        expect(
          entityRefs.filter(ref => replica.owns(ref)).length,
        ).toBeGreaterThan(60);
      }

      // c dies: no more heartbeats. After three missed ones it is stale,
      // while a and b keep theirs.
      const ofC = entityRefs.filter(ref => c.owns(ref));
      for (let beat = 0; beat < 3; beat++) {
        now = new Date(now.getTime() + 10_500);
        await a.refresh();
        await b.refresh();
      }
      expect(a.replicas).toEqual(['replica-a', 'replica-b']);
      expect(owners([a, b]).every(list => list.length === 1)).toBe(true);
      expect(ofC.every(ref => a.owns(ref) || b.owns(ref))).toBe(true);
      expect(lines.join('\n')).toContain(
        'Sync engine replicas: 2 live (replica-a, replica-b)',
      );

      // b leaves cleanly: a owns everything at its next refresh.
      await b.stop();
      await a.refresh();
      expect(a.replicas).toEqual(['replica-a']);
      expect(entityRefs.every(ref => a.owns(ref))).toBe(true);

      await a.stop();
      await c.stop();
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps its last view when the database cannot be reached, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await createGitOpsStores(mockServices.database({ knex }));
      const registry = new DatabaseReplicaRegistry(knex);
      const { logger, lines } = captureLogger();
      const a = await ReplicaMembership.start({
        registry,
        replicaId: 'replica-a',
        heartbeatMs: 10_000,
        logger,
      });
      await ReplicaMembership.start({
        registry,
        replicaId: 'replica-b',
        heartbeatMs: 10_000,
        logger,
      });
      await a.refresh();
      const mine = entityRefs.filter(ref => a.owns(ref));
      await knex.destroy();

      await a.refresh();

      expect(a.replicas).toEqual(['replica-a', 'replica-b']);
      expect(entityRefs.filter(ref => a.owns(ref))).toEqual(mine);
      expect(lines.join('\n')).toContain(
        "Could not refresh the sync engine's replica membership; keeping the last known 2 replicas",
      );
    },
  );
});
