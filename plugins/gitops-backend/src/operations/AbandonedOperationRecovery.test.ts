import { mockServices } from '@backstage/backend-test-utils';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitOpsApplication } from '../applications';
import { createGitOpsStores } from '../database/createGitOpsStores';
import { ConfigRepoWriter, GitCli, RepositoryCache } from '../git';
import { createLocalRepository } from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { AbandonedOperationRecovery } from './AbandonedOperationRecovery';
import { OperationRunner } from './OperationRunner';
import { OPERATION_TRAILER } from './operationCommitMessage';
import { pullRequestBranchOf } from './pullRequestBranchOf';

const ENTITY = 'component:default/payments';
const STALE_AFTER_MS = 30_000;

/*
 * A backend killed (`kill -9`) while an operation runs leaves exactly this
 * behind: the operation "running", its lock with a heartbeat that stopped,
 * and — if the push went through — a commit carrying the operation's
 * trailer. These tests build that state with the real writer and stores.
 */
describe('AbandonedOperationRecovery', () => {
  const databases = createTestDatabases();
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function crashedDeploy(
    databaseId: Parameters<typeof databases.init>[0],
    options: { pushed: 'nothing' | 'branch' | 'pull-request-branch' },
  ) {
    const repo = await createLocalRepository({
      'envs/dev/kustomization.yaml':
        'images:\n  - name: app\n    newTag: "1.0.0"\n',
    });
    cleanups.push(() => repo.close());
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-'));
    cleanups.push(() => fs.rm(cacheDir, { recursive: true, force: true }));
    const knex = await databases.init(databaseId);
    cleanups.push(() => knex.destroy());
    const stores = await createGitOpsStores(mockServices.database({ knex }));
    const git = new GitCli();
    const repositories = await RepositoryCache.create({ git, cacheDir });
    const application: GitOpsApplication = {
      entityRef: ENTITY,
      configRepo: { url: repo.url, path: '.', branch: 'main' },
      image: 'app',
      environments: [],
    };

    const operation = await stores.operations.create({
      entityRef: ENTITY,
      environment: 'dev',
      kind: 'deploy',
      actor: 'user:default/jane',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      state: 'running',
      owner: 'replica-that-died',
    });
    const key = { entityRef: ENTITY, environment: 'dev' };
    await stores.locks.tryAcquire(
      key,
      { operationId: operation.id, owner: 'replica-that-died' },
      new Date(0),
    );
    let landed: string | undefined;
    if (options.pushed !== 'nothing') {
      const writer = new ConfigRepoWriter({ git, cache: repositories });
      const request = {
        url: repo.url,
        branch: 'main',
        author: { name: 'Jane', email: 'jane@example.com' },
        message: 'Deploy payments 1.1.0 to dev',
        trailers: { [OPERATION_TRAILER]: operation.id },
        edit: async (tree: any) =>
          tree.writeFile(
            'envs/dev/kustomization.yaml',
            'images:\n  - name: app\n    newTag: "1.1.0"\n',
          ),
      };
      const result =
        options.pushed === 'branch'
          ? await writer.commit(request)
          : await writer.commitToNewBranch({
              ...request,
              newBranch: pullRequestBranchOf(operation),
            });
      if (result.status !== 'committed') throw new Error('not committed');
      landed = result.commit;
    }
    // The backend died a minute ago: no heartbeat since.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await knex('gitops_operations')
      .where({ id: operation.id })
      .update({ created_at: aMinuteAgo });
    await knex('gitops_locks')
      .where({ operation_id: operation.id })
      .update({ heartbeat_at: aMinuteAgo });

    const runner = new OperationRunner({
      operations: stores.operations,
      locks: stores.locks,
      logger: mockServices.logger.mock(),
      owner: 'restarted-replica',
      lockWaitMs: 100,
      staleAfterMs: STALE_AFTER_MS,
    });
    const recovery = new AbandonedOperationRecovery({
      operations: stores.operations,
      locks: stores.locks,
      repositories,
      applicationOf: async () => application,
      logger: mockServices.logger.mock(),
      staleBefore: () => runner.staleBefore(),
    });
    return { stores, operation, key, landed, runner, recovery, knex };
  }

  it.each(databases.eachSupportedId())(
    'records a deploy whose commit landed as succeeded with that revision (defect #12.3), %p',
    async databaseId => {
      const { stores, operation, landed, recovery } = await crashedDeploy(
        databaseId,
        { pushed: 'branch' },
      );
      await expect(recovery.run()).resolves.toEqual({
        recovered: 1,
        failed: 0,
        deferred: 0,
      });
      await expect(stores.operations.get(operation.id)).resolves.toMatchObject({
        state: 'succeeded',
        revision: landed,
        branch: 'main',
        message: `Committed ${landed!.slice(
          0,
          7,
        )} to main; the backend stopped before recording it, and found the commit by its Slipway-Operation trailer`,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a deploy that never pushed, and releases its lock so nothing waits for it (defect #12.2), %p',
    async databaseId => {
      const { stores, operation, key, runner, recovery, knex } =
        await crashedDeploy(databaseId, { pushed: 'nothing' });
      // Before recovery the dead lock already has no holder: the engine's
      // automated sync does not wait for it.
      await expect(runner.holderOf(key)).resolves.toBeUndefined();

      await expect(recovery.run()).resolves.toEqual({
        recovered: 0,
        failed: 1,
        deferred: 0,
      });
      await expect(stores.operations.get(operation.id)).resolves.toMatchObject({
        state: 'failed',
        message:
          'The backend stopped while this operation ran, before it wrote to the config repository',
      });
      await expect(
        knex('gitops_locks').where({ operation_id: operation.id }),
      ).resolves.toEqual([]);

      // The environment takes new operations at once.
      const next = await runner.run(
        {
          entityRef: ENTITY,
          environment: 'dev',
          kind: 'sync',
          actor: 'slipway',
        },
        async () => ({ message: 'synced' }),
      );
      expect(next.state).toBe('succeeded');
    },
  );

  it.each(databases.eachSupportedId())(
    'says which branch was pushed when the pull request was never opened, %p',
    async databaseId => {
      const { stores, operation, landed, recovery } = await crashedDeploy(
        databaseId,
        { pushed: 'pull-request-branch' },
      );
      await recovery.run();
      const branch = pullRequestBranchOf(operation);
      await expect(stores.operations.get(operation.id)).resolves.toMatchObject({
        state: 'failed',
        revision: landed,
        branch,
        message: `The backend stopped after pushing ${branch}, before recording its pull request; open one from that branch or delete it`,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the operation open while Git cannot be asked, then fails it with the reason, %p',
    async databaseId => {
      const { stores, operation, recovery, knex } = await crashedDeploy(
        databaseId,
        { pushed: 'nothing' },
      );
      const unreachable = new AbandonedOperationRecovery({
        ...(recovery as any).options,
        applicationOf: async () => {
          throw new Error('Cannot reach Git repository https://git.example/');
        },
      });
      await expect(unreachable.run()).resolves.toEqual({
        recovered: 0,
        failed: 0,
        deferred: 1,
      });
      await expect(stores.operations.get(operation.id)).resolves.toMatchObject({
        state: 'running',
      });

      await knex('gitops_operations')
        .where({ id: operation.id })
        .update({ created_at: new Date(Date.now() - 20 * 60_000) });
      await expect(unreachable.run()).resolves.toEqual({
        recovered: 0,
        failed: 1,
        deferred: 0,
      });
      await expect(stores.operations.get(operation.id)).resolves.toMatchObject({
        state: 'failed',
        message:
          'The backend stopped while this operation ran, and whether its commit landed could not be checked: Cannot reach Git repository https://git.example/',
      });
    },
  );
});
