import { mockServices } from '@backstage/backend-test-utils';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitOpsApplication } from '../applications';
import {
  createGitOpsStores,
  GitOpsStores,
} from '../database/createGitOpsStores';
import { ConfigRepoWriter, GitCli, RepositoryCache } from '../git';
import {
  createLocalRepository,
  LocalTestRepository,
  testGit,
} from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { PullRequestProvider } from '../pullRequests/PullRequestProvider';
import { DeliveryService } from './DeliveryService';
import { OperationRunner } from './OperationRunner';

const IMAGE = 'ghcr.io/acme/payments';

function overlay(env: string, tag: string) {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `# payments in ${env}: keep this comment`,
    `namespace: payments-${env}`,
    'resources:',
    '  - ../../base',
    'images:',
    `  - name: ${IMAGE}`,
    `    newTag: "${tag}" # pinned by Slipway`,
    '',
  ].join('\n');
}

const BASE = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: payments',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: payments',
    `          image: ${IMAGE}:0.0.1`,
    '',
  ].join('\n'),
};

function environment(
  name: string,
  extra: Partial<ApplicationEnvironment> = {},
): ApplicationEnvironment {
  return {
    name,
    cluster: 'dev-cluster',
    engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
    sync: { automated: false, prune: false, selfHeal: false },
    changes: 'commit',
    protected: false,
    overlayPath: `envs/${name}`,
    ...extra,
  };
}

const jane = {
  entityRef: 'user:default/jane',
  name: 'Jane Doe',
  email: 'jane@example.com',
};

describe('DeliveryService', () => {
  const databases = createTestDatabases();
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function setup(options: {
    databaseId: Parameters<typeof databases.init>[0];
    environments?: ApplicationEnvironment[];
    files?: Record<string, string>;
    pullRequestProviders?: PullRequestProvider[];
    lockWaitMs?: number;
  }) {
    const environments = options.environments ?? [
      environment('dev'),
      environment('staging', {
        promotion: { from: 'dev', requireHealthySource: false },
      }),
      environment('production', {
        promotion: { from: 'staging', requireHealthySource: true },
        protected: true,
      }),
    ];
    const repo: LocalTestRepository = await createLocalRepository(
      options.files ?? {
        ...BASE,
        ...Object.fromEntries(
          environments.map(env => [
            `${env.overlayPath}/kustomization.yaml`,
            overlay(env.name, '1.0.0'),
          ]),
        ),
      },
    );
    cleanups.push(() => repo.close());
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-'));
    cleanups.push(() => fs.rm(cacheDir, { recursive: true, force: true }));
    const knex = await databases.init(options.databaseId);
    cleanups.push(() => knex.destroy());
    const stores: GitOpsStores = await createGitOpsStores(
      mockServices.database({ knex }),
    );
    const git = new GitCli();
    const repositories = await RepositoryCache.create({ git, cacheDir });
    const logger = mockServices.logger.mock();
    const runner = new OperationRunner({
      operations: stores.operations,
      locks: stores.locks,
      logger,
      owner: 'test',
      lockWaitMs: options.lockWaitMs ?? 60_000,
    });
    const delivery = new DeliveryService({
      repositories,
      writer: new ConfigRepoWriter({ git, cache: repositories }),
      runner,
      statusStore: stores.status,
      pullRequestProviders: options.pullRequestProviders ?? [],
      logger,
    });
    const application: GitOpsApplication = {
      entityRef: 'component:default/payments',
      configRepo: { url: repo.url, path: '.', branch: 'main' },
      image: IMAGE,
      environments,
    };
    const show = (path: string, rev = 'main') =>
      testGit(['show', `${rev}:${path}`], { cwd: repo.path });
    const log = () =>
      testGit(['log', '--format=%H %s', 'main'], { cwd: repo.path }).then(out =>
        out.trim().split('\n'),
      );
    return { repo, stores, delivery, application, show, log, runner };
  }

  it.each(databases.eachSupportedId())(
    'deploys a version as one commit that keeps the overlay formatting, %p',
    async databaseId => {
      const { delivery, application, show, stores, repo } = await setup({
        databaseId,
      });
      const result = await delivery.deploy(
        application,
        { environment: 'dev', version: '1.1.0' },
        jane,
      );
      if (!('operation' in result)) throw new Error('expected an operation');
      const { operation } = result;
      expect(operation).toMatchObject({
        kind: 'deploy',
        state: 'succeeded',
        environment: 'dev',
        actor: 'user:default/jane',
        fromVersion: '1.0.0',
        toVersion: '1.1.0',
        branch: 'main',
      });

      expect(await show('envs/dev/kustomization.yaml')).toBe(
        overlay('dev', '1.1.0'),
      );
      expect(await show('envs/staging/kustomization.yaml')).toBe(
        overlay('staging', '1.0.0'),
      );
      const commit = await testGit(
        ['log', '-1', '--format=%H%n%an <%ae>%n%B', 'main'],
        { cwd: repo.path },
      );
      const [sha, author, ...message] = commit.trim().split('\n');
      expect(sha).toBe(operation.revision);
      expect(author).toBe('Jane Doe <jane@example.com>');
      expect(message.join('\n')).toBe(
        [
          'Deploy payments 1.1.0 to dev',
          '',
          'dev: 1.0.0 → 1.1.0',
          'Requested by Jane Doe (user:default/jane) through Slipway.',
          '',
          `Slipway-Operation: ${operation.id}`,
          'Slipway-Application: component:default/payments',
          'Slipway-Environment: dev',
        ].join('\n'),
      );
      await expect(stores.operations.get(operation.id)).resolves.toEqual(
        operation,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'returns a dry run as a diff and writes nothing, %p',
    async databaseId => {
      const { delivery, application, log, stores } = await setup({
        databaseId,
      });
      const before = await log();
      const result = await delivery.deploy(
        application,
        {
          environment: 'staging',
          version: 'sha256:'.concat('a'.repeat(64)),
          dryRun: true,
        },
        jane,
      );
      if (!('dryRun' in result)) throw new Error('expected a dry run');
      expect(result.dryRun.fromVersion).toBe('1.0.0');
      expect(result.dryRun.diff?.files).toEqual([
        expect.objectContaining({ path: 'envs/staging/kustomization.yaml' }),
      ]);
      expect(result.dryRun.diff?.patch).toContain(
        `+    digest: "sha256:${'a'.repeat(64)}" # pinned by Slipway`,
      );
      expect(await log()).toEqual(before);
      const recorded = await stores.operations.list({
        entityRef: application.entityRef,
        limit: 10,
        offset: 0,
      });
      expect(recorded.items).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses bad input precisely and changes nothing, %p',
    async databaseId => {
      const { delivery, application, log } = await setup({ databaseId });
      const before = await log();
      await expect(
        delivery.deploy(
          application,
          { environment: 'qa', version: '1.1.0' },
          jane,
        ),
      ).rejects.toThrow(
        'component:default/payments has no environment "qa"; its pipeline is dev → staging → production',
      );
      await expect(
        delivery.deploy(
          application,
          { environment: 'dev', version: '-bad tag' },
          jane,
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        delivery.deploy(
          application,
          { environment: 'dev', version: '1.1.0', expectedVersion: '0.9.0' },
          jane,
        ),
      ).rejects.toThrow('dev runs 1.0.0, not the expected 0.9.0');
      await expect(
        delivery.deploy(
          application,
          { environment: 'dev', version: '1.0.0' },
          jane,
        ),
      ).rejects.toThrow('dev already runs 1.0.0');
      await expect(
        delivery.promote(application, { from: 'dev', to: 'production' }, jane),
      ).rejects.toThrow(
        'Cannot promote from dev to production: production is promoted from staging',
      );
      await expect(
        delivery.rollback(
          application,
          { environment: 'dev', revision: 'zzzzzzz' },
          jane,
        ),
      ).rejects.toThrow('is not a commit SHA');
      expect(await log()).toEqual(before);
    },
  );

  it.each(databases.eachSupportedId())(
    'promotes along the pipeline, and only from a healthy source where required, %p',
    async databaseId => {
      const { delivery, application, show, stores } = await setup({
        databaseId,
      });
      await delivery.deploy(
        application,
        { environment: 'dev', version: '1.1.0' },
        jane,
      );
      const promoted = await delivery.promote(
        application,
        { from: 'dev', to: 'staging' },
        jane,
      );
      expect(promoted).toMatchObject({
        operation: {
          kind: 'promote',
          sourceEnvironment: 'dev',
          environment: 'staging',
          fromVersion: '1.0.0',
          toVersion: '1.1.0',
          state: 'succeeded',
        },
      });
      expect(await show('envs/staging/kustomization.yaml')).toBe(
        overlay('staging', '1.1.0'),
      );

      await expect(
        delivery.promote(
          application,
          { from: 'staging', to: 'production' },
          jane,
        ),
      ).rejects.toThrow(
        'production only takes versions from a Synced and Healthy staging, which is Unknown and Unknown',
      );
      await stores.status.saveObservation({
        entityRef: application.entityRef,
        environment: 'staging',
        syncStatus: 'Synced',
        health: 'Healthy',
        refreshedAt: new Date(),
      });
      await delivery.promote(
        application,
        { from: 'staging', to: 'production' },
        jane,
      );
      expect(await show('envs/production/kustomization.yaml')).toBe(
        overlay('production', '1.1.0'),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls back by restoring the overlay as a new forward commit, %p',
    async databaseId => {
      const { delivery, application, show, log } = await setup({ databaseId });
      const first = await delivery.deploy(
        application,
        { environment: 'dev', version: '1.1.0' },
        jane,
      );
      await delivery.deploy(
        application,
        { environment: 'dev', version: '1.2.0' },
        jane,
      );
      const target = (first as { operation: { revision: string } }).operation
        .revision;
      const historyBefore = await log();

      const result = await delivery.rollback(
        application,
        { environment: 'dev', revision: target.slice(0, 10) },
        jane,
      );
      expect(result).toMatchObject({
        operation: {
          kind: 'rollback',
          fromVersion: '1.2.0',
          toVersion: '1.1.0',
          targetRevision: target,
          state: 'succeeded',
        },
      });
      expect(await show('envs/dev/kustomization.yaml')).toBe(
        overlay('dev', '1.1.0'),
      );
      const historyAfter = await log();
      // History is never rewritten: everything before is still there.
      expect(historyAfter.slice(1)).toEqual(historyBefore);
      expect(historyAfter[0]).toContain(
        `Roll back payments in dev to ${target.slice(0, 7)}`,
      );

      const unrelated = historyBefore[historyBefore.length - 1].split(' ')[0];
      await expect(
        delivery.rollback(
          application,
          { environment: 'staging', revision: target },
          jane,
        ),
      ).rejects.toThrow(
        "is not a revision at which staging's overlay (envs/staging) changed",
      );
      expect(unrelated).toMatch(/^[0-9a-f]{40}$/);
    },
  );

  it.each(databases.eachSupportedId())(
    'lands twenty concurrent deploys to twenty environments, history linear, %p',
    async databaseId => {
      const environments = Array.from({ length: 20 }, (_, i) =>
        environment(`env-${i}`),
      );
      const { delivery, application, repo, stores } = await setup({
        databaseId,
        environments,
      });
      const results = await Promise.allSettled(
        environments.map(env =>
          delivery.deploy(
            application,
            { environment: env.name, version: '2.0.0' },
            jane,
          ),
        ),
      );
      expect(results.filter(r => r.status === 'rejected')).toEqual([]);
      const merges = await testGit(['rev-list', '--merges', 'main'], {
        cwd: repo.path,
      });
      expect(merges.trim()).toBe('');
      const count = await testGit(['rev-list', '--count', 'main'], {
        cwd: repo.path,
      });
      expect(Number(count.trim())).toBe(21);
      const recorded = await stores.operations.list({
        entityRef: application.entityRef,
        limit: 100,
        offset: 0,
      });
      expect(recorded.items.filter(o => o.state === 'succeeded')).toHaveLength(
        20,
      );
    },
    120_000,
  );

  it.each(databases.eachSupportedId())(
    'lands twenty concurrent deploys to one environment in turn or with a 409, none lost, %p',
    async databaseId => {
      const { delivery, application, repo, stores } = await setup({
        databaseId,
        lockWaitMs: 2_000,
      });
      const versions = Array.from({ length: 20 }, (_, i) => `3.0.${i}`);
      const results = await Promise.allSettled(
        versions.map(version =>
          delivery.deploy(application, { environment: 'dev', version }, jane),
        ),
      );
      const landed = results.filter(r => r.status === 'fulfilled').length;
      const rejected = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      for (const rejection of rejected) {
        expect(rejection.reason.name).toBe('ConflictError');
      }
      expect(landed).toBeGreaterThan(0);

      const count = await testGit(['rev-list', '--count', 'main'], {
        cwd: repo.path,
      });
      expect(Number(count.trim())).toBe(1 + landed);
      const merges = await testGit(['rev-list', '--merges', 'main'], {
        cwd: repo.path,
      });
      expect(merges.trim()).toBe('');

      // Every request is on record: the ones that landed and the ones refused.
      const recorded = await stores.operations.list({
        entityRef: application.entityRef,
        environment: 'dev',
        limit: 100,
        offset: 0,
      });
      expect(recorded.items).toHaveLength(20);
      expect(recorded.items.filter(o => o.state === 'succeeded')).toHaveLength(
        landed,
      );
      expect(recorded.items.filter(o => o.state === 'failed')).toHaveLength(
        rejected.length,
      );
    },
    60_000,
  );

  it.each(databases.eachSupportedId())(
    'proposes changes to pull-request environments on a branch and opens a pull request, %p',
    async databaseId => {
      const opened: unknown[] = [];
      const provider: PullRequestProvider = {
        id: 'github',
        supports: () => true,
        async openPullRequest(request) {
          opened.push(request);
          return {
            url: 'https://github.com/acme/payments-config/pull/7',
            number: 7,
            provider: 'github',
          };
        },
        async getPullRequest() {
          throw new Error('not used');
        },
        async findOpenPullRequest() {
          return undefined;
        },
      };
      const { delivery, application, repo, show } = await setup({
        databaseId,
        environments: [
          environment('dev'),
          environment('production', { changes: 'pull-request' }),
        ],
        pullRequestProviders: [provider],
      });
      const result = await delivery.deploy(
        application,
        { environment: 'production', version: '1.5.0' },
        jane,
      );
      if (!('operation' in result)) throw new Error('expected an operation');
      expect(result.operation).toMatchObject({
        state: 'succeeded',
        pullRequestUrl: 'https://github.com/acme/payments-config/pull/7',
        message: 'Pull request #7 opened',
      });
      const branch = result.operation.branch!;
      expect(branch).toMatch(/^slipway\/deploy-production-[0-9a-f]{8}$/);
      // main is untouched; the change waits on its branch for review.
      expect(await show('envs/production/kustomization.yaml')).toBe(
        overlay('production', '1.0.0'),
      );
      expect(await show('envs/production/kustomization.yaml', branch)).toBe(
        overlay('production', '1.5.0'),
      );
      expect(opened).toEqual([
        expect.objectContaining({
          repoUrl: repo.url,
          sourceBranch: branch,
          targetBranch: 'main',
          title: 'Deploy payments 1.5.0 to production',
        }),
      ]);
    },
  );
});
