import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { createGitOpsStores } from './createGitOpsStores';

describe('DatabaseOperationStore and DatabaseLockStore', () => {
  const databases = createTestDatabases();

  async function stores(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    return {
      knex,
      ...(await createGitOpsStores(mockServices.database({ knex }))),
    };
  }

  it.each(databases.eachSupportedId())(
    'records an operation through its life and lists newest first, %p',
    async databaseId => {
      const { knex, operations } = await stores(databaseId);
      const first = await operations.create({
        entityRef: 'component:default/payments',
        environment: 'dev',
        kind: 'deploy',
        actor: 'user:default/jane',
        toVersion: '1.2.0',
        state: 'running',
        owner: 'replica-a',
      });
      expect(first.state).toBe('running');
      expect(first.startedAt).toBeDefined();

      const done = await operations.update(first.id, {
        state: 'succeeded',
        fromVersion: '1.1.0',
        revision: 'c'.repeat(40),
        branch: 'main',
        message: 'Committed',
        finishedAt: new Date(),
      });
      expect(done).toMatchObject({
        state: 'succeeded',
        fromVersion: '1.1.0',
        toVersion: '1.2.0',
        revision: 'c'.repeat(40),
        branch: 'main',
      });

      for (let i = 0; i < 3; i++) {
        await new Promise(resolve => setTimeout(resolve, 5));
        await operations.create({
          entityRef: 'component:default/payments',
          environment: i === 1 ? 'staging' : 'dev',
          kind: 'deploy',
          actor: 'user:default/jane',
          toVersion: `1.3.${i}`,
          state: 'queued',
          owner: 'replica-a',
        });
      }
      const page1 = await operations.list({
        entityRef: 'component:default/payments',
        environment: 'dev',
        limit: 2,
        offset: 0,
      });
      expect(page1.items.map(o => o.toVersion)).toEqual(['1.3.2', '1.3.0']);
      expect(page1.nextOffset).toBe(2);
      const page2 = await operations.list({
        entityRef: 'component:default/payments',
        environment: 'dev',
        limit: 2,
        offset: 2,
      });
      expect(page2.items.map(o => o.toVersion)).toEqual(['1.2.0']);
      expect(page2.nextOffset).toBeUndefined();

      const byId = await operations.getMany([first.id, 'missing']);
      expect([...byId.keys()]).toEqual([first.id]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'lets one operation at a time hold an environment, and takes over stale locks, %p',
    async databaseId => {
      const { knex, locks } = await stores(databaseId);
      const key = {
        entityRef: 'component:default/payments',
        environment: 'dev',
      };
      const longAgo = new Date(Date.now() - 60_000);
      const holder = () => locks.holder(key, longAgo);

      await expect(
        locks.tryAcquire(key, { operationId: 'op-1', owner: 'a' }, longAgo),
      ).resolves.toBe(true);
      await expect(
        locks.tryAcquire(key, { operationId: 'op-2', owner: 'b' }, longAgo),
      ).resolves.toBe(false);
      await expect(holder()).resolves.toBe('op-1');
      // Another environment of the same application is independent.
      await expect(
        locks.tryAcquire(
          { ...key, environment: 'staging' },
          { operationId: 'op-3', owner: 'b' },
          longAgo,
        ),
      ).resolves.toBe(true);

      // Releasing with the wrong operation id changes nothing.
      await locks.release(key, 'op-2');
      await expect(holder()).resolves.toBe('op-1');

      // A lock whose heartbeat is older than the staleness bound is taken over.
      const inTheFuture = new Date(Date.now() + 60_000);
      await expect(
        locks.tryAcquire(key, { operationId: 'op-4', owner: 'b' }, inTheFuture),
      ).resolves.toBe(true);
      await expect(holder()).resolves.toBe('op-4');

      // Defect #12.2: a stale lock has no holder, so nobody waits for it.
      await expect(locks.holder(key, inTheFuture)).resolves.toBeUndefined();

      await locks.release(key, 'op-4');
      await expect(holder()).resolves.toBeUndefined();

      await locks.releaseAll(['op-3', 'not-holding-anything']);
      await expect(
        locks.holder({ ...key, environment: 'staging' }, longAgo),
      ).resolves.toBeUndefined();
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'lists and settles operations whose backend stopped while they ran, %p',
    async databaseId => {
      const { knex, operations, locks } = await stores(databaseId);
      const make = (environment: string) =>
        operations.create({
          entityRef: 'component:default/payments',
          environment,
          kind: 'deploy',
          actor: 'user:default/jane',
          toVersion: '2.0.0',
          state: 'running',
          owner: 'replica-a',
        });
      const orphan = await make('dev');
      await knex('gitops_operations')
        .where({ id: orphan.id })
        .update({ created_at: new Date(Date.now() - 60_000) });
      const alive = await make('staging');
      const finished = await make('production');
      await operations.update(finished.id, { state: 'succeeded' });
      // Waits for its lock: none yet, but it is not abandoned.
      const waiting = await operations.create({
        entityRef: 'component:default/payments',
        environment: 'dev',
        kind: 'deploy',
        actor: 'user:default/jane',
        toVersion: '2.0.1',
        state: 'queued',
        owner: 'replica-a',
      });
      await locks.tryAcquire(
        { entityRef: 'component:default/payments', environment: 'staging' },
        { operationId: alive.id, owner: 'replica-b' },
        new Date(0),
      );

      const abandoned = await operations.listAbandoned(
        new Date(Date.now() - 30_000),
      );
      expect(abandoned.map(operation => operation.id)).toEqual([orphan.id]);
      await expect(
        operations.settleAbandoned(orphan.id, {
          state: 'failed',
          message: 'The backend stopped while this operation ran',
        }),
      ).resolves.toBe(true);
      // Settled once: a second replica settling it too changes nothing.
      await expect(
        operations.settleAbandoned(orphan.id, {
          state: 'succeeded',
          revision: 'a'.repeat(40),
        }),
      ).resolves.toBe(false);
      await expect(operations.get(orphan.id)).resolves.toMatchObject({
        state: 'failed',
        message: 'The backend stopped while this operation ran',
      });
      await expect(
        operations.listAbandoned(new Date(Date.now() - 30_000)),
      ).resolves.toEqual([]);
      await expect(operations.get(alive.id)).resolves.toMatchObject({
        state: 'running',
      });
      await expect(operations.get(finished.id)).resolves.toMatchObject({
        state: 'succeeded',
      });
      await expect(operations.get(waiting.id)).resolves.toMatchObject({
        state: 'queued',
      });
      await knex.destroy();
    },
  );
});
