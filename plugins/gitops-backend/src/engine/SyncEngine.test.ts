import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_CONFIG_REPO,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_IMAGE,
  Operation,
} from '@slipway/plugin-gitops-common';
import { GitOpsConfig, KubernetesObject } from '@slipway/plugin-gitops-node';
import { Knex } from 'knex';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApplicationCatalog,
  LocationOwnership,
  toGitOpsApplication,
} from '../applications';
import {
  createGitOpsStores,
  GitOpsStores,
} from '../database/createGitOpsStores';
import { GitCli, RepositoryCache } from '../git';
import { builtInHealthChecks } from '../health';
import {
  applicationLabelValue,
  APPLICATION_LABEL,
  ClusterClients,
  MANAGED_BY_LABEL,
} from '../kubernetes';
import {
  BackendClusters,
  testClusterBackends,
} from '../kubernetes/__testUtils__/testClusterBackends';
import { OperationRunner } from '../operations/OperationRunner';
import {
  createRendererChain,
  KustomizeRenderer,
  PlainRenderer,
  RenderCache,
} from '../render';
import {
  captureLogger,
  createLocalRepository,
  LocalTestRepository,
  pushTestCommit,
  testGit,
} from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { LiveChange, LiveStateCache } from './LiveStateCache';
import { ServerSideApplyAgent } from './ServerSideApplyAgent';
import { ENGINE_ACTOR, SyncEngine } from './SyncEngine';
import { SyncFailedError } from './SyncFailedError';
import { toHttpError } from '../service/toHttpError';
import { ConflictError } from '@backstage/errors';

// Each test starts clusters' worth of real work (git, HTTP, watches).
jest.setTimeout(60_000);

const IMAGE = 'ghcr.io/acme/shop';

/** The portal's pipeline: automated dev and staging, a manual production. */
const CONFIG: GitOpsConfig = {
  environments: [
    {
      name: 'dev',
      cluster: 'dev-cluster',
      engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
      sync: { automated: true, prune: true, selfHeal: true },
      changes: 'commit',
      protected: false,
    },
    {
      name: 'staging',
      cluster: 'dev-cluster',
      engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
      sync: { automated: true, prune: false, selfHeal: false },
      promotion: { from: 'dev', requireHealthySource: false },
      changes: 'commit',
      protected: false,
    },
    {
      name: 'production',
      cluster: 'prod-cluster',
      engine: { type: 'builtin', name: 'builtin', cluster: 'prod-cluster' },
      sync: { automated: false, prune: false, selfHeal: false },
      promotion: { from: 'staging', requireHealthySource: true },
      changes: 'commit',
      protected: true,
    },
  ],
  overlayPath: 'envs/{environment}',
  engine: { intervalMs: 60_000, concurrency: 4 },
  webhooks: {},
  render: {},
};

const CLUSTER_OF: Record<string, string> = {
  dev: 'dev-cluster',
  staging: 'dev-cluster',
  production: 'prod-cluster',
};

function deploymentYaml(name: string, selector = name) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    `      app: ${selector}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${IMAGE}:0.0.1`,
    '',
  ].join('\n');
}

function configMapYaml(name: string) {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}-settings`,
    'data:',
    '  LOG_LEVEL: info',
    '',
  ].join('\n');
}

function overlay(name: string, environment: string, tag: string) {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${name}-${environment}`,
    'resources:',
    '  - ../../base',
    'images:',
    `  - name: ${IMAGE}`,
    `    newTag: "${tag}"`,
    '',
  ].join('\n');
}

/** A config repo with a Deployment and a ConfigMap, and one overlay per environment. */
function configRepoFiles(name: string, environments: string[], tag = '1.0.0') {
  return {
    'base/kustomization.yaml':
      'resources:\n  - deployment.yaml\n  - configmap.yaml\n',
    'base/deployment.yaml': deploymentYaml(name),
    'base/configmap.yaml': configMapYaml(name),
    ...Object.fromEntries(
      environments.map(env => [
        `envs/${env}/kustomization.yaml`,
        overlay(name, env, tag),
      ]),
    ),
  };
}

function entityOf(
  name: string,
  repo: LocalTestRepository,
  environments: string[],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [ANNOTATION_CONFIG_REPO]: repo.url,
        [ANNOTATION_IMAGE]: IMAGE,
        [ANNOTATION_ENVIRONMENTS]: environments.join(','),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/**
 * Retries `probe` until it stops throwing (its last failure is the test's),
 * for what the engine does in the background.
 */
async function eventually<T>(
  probe: () => Promise<T>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  }
}

const toClaim = (entity: Entity) => toGitOpsApplication(entity, CONFIG);

/** A watch cache that reports nothing until released, like a watch lagging behind. */
class LaggingLiveStateCache extends LiveStateCache {
  lagging = true;

  objectsOf(
    cluster: string,
    application: string,
    environment: string,
  ): KubernetesObject[] {
    return this.lagging
      ? []
      : super.objectsOf(cluster, application, environment);
  }
}

/*
 * On the simulator, and on the real control plane (kube-apiserver, the
 * controller manager's Deployment and ReplicaSet controllers, KWOK nodes)
 * when the test command started one: the watches, self-heal and drift then
 * meet a real API server's events. The few cases that need the simulator's
 * fault injection (a rollout that fails, a cluster that goes down) run on it
 * alone.
 */
const backends = testClusterBackends().map(b => [b.name, b] as const);

describe.each(backends)('SyncEngine on %s', (backendName, backend) => {
  const databases = createTestDatabases();
  let clusters: BackendClusters;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    clusters = await backend.start();
  });
  afterAll(async () => {
    await clusters.stop();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function kubeApi(cluster: string) {
    return (await clusters.clients.get(cluster)).objects;
  }

  async function createNamespaces(name: string, environments: string[]) {
    for (const env of environments) {
      await (
        await kubeApi(CLUSTER_OF[env])
      ).create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `${name}-${env}` },
      });
    }
  }

  /** An application: its config repo, its namespaces and its catalog entity. */
  async function createApplication(name: string, environments: string[]) {
    const repo = await createLocalRepository(
      configRepoFiles(name, environments),
    );
    cleanups.push(() => repo.close());
    await createNamespaces(name, environments);
    return {
      name,
      repo,
      entityRef: `component:default/${name}`,
      entity: entityOf(name, repo, environments),
    };
  }

  async function openDatabase(
    databaseId: Parameters<typeof databases.init>[0] = 'SQLITE_3',
  ) {
    const knex = await databases.init(databaseId);
    cleanups.push(() => knex.destroy());
    return knex;
  }

  /** The engine as `plugin.ts` builds it, on a shared database: one per replica. */
  async function startEngine(options: {
    knex: Knex;
    entities: Entity[];
    owner?: string;
    live?: typeof LiveStateCache;
    /** The engine's clock, for back-off that must not depend on the machine's speed. */
    now?: () => Date;
  }) {
    const stores: GitOpsStores = await createGitOpsStores(
      mockServices.database({ knex: options.knex }),
    );
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-engine-'));
    cleanups.push(() => fs.rm(cacheDir, { recursive: true, force: true }));
    const { logger, lines } = captureLogger();
    const owner = options.owner ?? 'replica-1';
    const repositories = await RepositoryCache.create({
      git: new GitCli(),
      cacheDir,
    });
    const runner = new OperationRunner({
      operations: stores.operations,
      locks: stores.locks,
      logger,
      owner,
    });
    const clients = ClusterClients.fromConfig(clusters.config);
    const Cache = options.live ?? LiveStateCache;
    // As in plugin.ts, the cache reports to the engine built right after it.
    let reportChange: (change: LiveChange) => void = () => undefined;
    const live = new Cache(clients, logger, change => reportChange(change));
    const engine = new SyncEngine({
      applications: new ApplicationCatalog(
        catalogServiceMock({ entities: options.entities }),
        mockServices.auth(),
        CONFIG,
      ),
      repositories,
      renderCache: new RenderCache({
        renderer: createRendererChain([
          new KustomizeRenderer(),
          new PlainRenderer(),
        ]),
      }),
      statusStore: stores.status,
      locks: stores.locks,
      runner,
      ownership: new LocationOwnership({
        listClaims: async () => options.entities.map(toClaim),
      }),
      agent: new ServerSideApplyAgent(clients, live),
      healthChecks: builtInHealthChecks,
      logger,
      concurrency: 4,
      owner,
      watchDebounceMs: 20,
      now: options.now,
    });
    reportChange = change => engine.handleLiveChange(change);
    cleanups.push(async () => {
      await engine.stop();
      await live.stop();
    });

    const status = async (entityRef: string, environment: string) => {
      const observation = (await stores.status.getObservations(entityRef)).get(
        environment,
      );
      if (!observation) {
        throw new Error(`No status for ${entityRef} in ${environment}`);
      }
      return observation;
    };
    const operations = async (
      entityRef: string,
      environment: string,
    ): Promise<Operation[]> =>
      (
        await stores.operations.list({
          entityRef,
          environment,
          limit: 100,
          offset: 0,
        })
      ).items;
    return { engine, stores, live, status, operations, lines, repositories };
  }

  async function readLive(
    cluster: string,
    kind: 'Deployment' | 'ConfigMap',
    namespace: string,
    name: string,
  ): Promise<KubernetesObject | undefined> {
    const api = await kubeApi(cluster);
    try {
      return (await api.read({
        apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
        kind,
        metadata: { name, namespace },
      })) as KubernetesObject;
    } catch (error) {
      if ((error as { status?: { code?: number } }).status?.code === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** `kubectl scale`: another field manager changes the replicas. */
  async function scale(
    cluster: string,
    namespace: string,
    name: string,
    replicas: number,
  ) {
    const api = k8s.KubernetesObjectApi.makeApiClient(
      (await clusters.clients.get(cluster)).kubeConfig,
    );
    await api.patch(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace },
        spec: { replicas },
      },
      undefined,
      undefined,
      'kubectl-scale',
      undefined,
      k8s.PatchStrategy.MergePatch,
    );
  }

  const head = async (repo: LocalTestRepository) =>
    (await testGit(['rev-parse', 'main'], { cwd: repo.path })).trim();

  it('syncs a new automated environment to Synced and Healthy, records the sync, and follows new commits', async () => {
    const app = await createApplication('checkout', ['dev']);
    const { engine, status, operations, live } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
    });
    const revision = await head(app.repo);

    const summary = await engine.reconcileAll();
    expect(summary).toMatchObject({
      applications: 1,
      environments: 1,
      synced: 1,
      failed: 0,
    });
    expect(await status(app.entityRef, 'dev')).toMatchObject({
      revision,
      lastSyncedRevision: revision,
      syncStatus: 'Synced',
      version: '1.0.0',
      driftCount: 0,
    });
    const [sync] = await operations(app.entityRef, 'dev');
    expect(sync).toMatchObject({
      kind: 'sync',
      state: 'succeeded',
      actor: ENGINE_ACTOR,
      revision,
      toVersion: '1.0.0',
      message: 'Synced (new revision): 2 created, 0 configured, 0 unchanged',
    });
    expect(sync.finishedAt).toBeDefined();

    // The controller rolls the Deployment out; the watch reports it.
    await eventually(async () =>
      expect(await status(app.entityRef, 'dev')).toMatchObject({
        syncStatus: 'Synced',
        health: 'Healthy',
        liveVersion: '1.0.0',
      }),
    );
    // The watch cache holds what the apply created.
    expect(
      live
        .objectsOf('dev-cluster', applicationLabelValue(app.entityRef), 'dev')
        .map(object => object.kind)
        .sort(),
    ).toEqual(['ConfigMap', 'Deployment']);
    const deployment = await readLive(
      'dev-cluster',
      'Deployment',
      'checkout-dev',
      'checkout',
    );
    expect(deployment?.metadata.labels).toMatchObject({
      [MANAGED_BY_LABEL]: 'slipway',
      [APPLICATION_LABEL]: applicationLabelValue(app.entityRef),
    });
    // No revision stamp: a commit elsewhere in the repo must not touch
    // objects. (A real Deployment controller writes its own rollout number.)
    expect(
      Object.keys(deployment?.metadata.annotations ?? {}).filter(
        key =>
          /revision/i.test(key) && key !== 'deployment.kubernetes.io/revision',
      ),
    ).toEqual([]);

    const next = await pushTestCommit(app.repo.path, {
      'envs/dev/kustomization.yaml': overlay('checkout', 'dev', '1.1.0'),
    });
    await engine.reconcileAll();
    const syncs = await operations(app.entityRef, 'dev');
    expect(syncs).toHaveLength(2);
    expect(syncs[0]).toMatchObject({
      state: 'succeeded',
      revision: next,
      toVersion: '1.1.0',
      message: 'Synced (new revision): 0 created, 1 configured, 1 unchanged',
    });
    await eventually(async () =>
      expect(await status(app.entityRef, 'dev')).toMatchObject({
        revision: next,
        version: '1.1.0',
        liveVersion: '1.1.0',
        syncStatus: 'Synced',
        health: 'Healthy',
      }),
    );

    // Nothing moved: another pass neither syncs nor records anything.
    await engine.reconcileAll();
    expect(await operations(app.entityRef, 'dev')).toHaveLength(2);
  });

  it('stores the state a sync left even before the watch reports it, and never heals drift only a lagging watch shows', async () => {
    const app = await createApplication('cart', ['dev']);
    const { engine, status, operations, live, lines } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
      live: LaggingLiveStateCache,
    });

    await engine.reconcileAll();
    expect(await status(app.entityRef, 'dev')).toMatchObject({
      syncStatus: 'Synced',
      driftCount: 0,
    });
    // The watch reports the new objects; the lagging cache still shows none,
    // which looks like drift to self-heal. The cluster says otherwise.
    await eventually(async () =>
      expect(lines.some(line => line.includes('(watch)'))).toBe(true),
    );
    expect(await status(app.entityRef, 'dev')).toMatchObject({
      syncStatus: 'Synced',
    });
    expect(await operations(app.entityRef, 'dev')).toHaveLength(1);
    (live as LaggingLiveStateCache).lagging = false;
  });

  it('sees drift through the watch: heals it with selfHeal, reports and leaves it without', async () => {
    const app = await createApplication('search', ['dev', 'staging']);
    const { engine, status, operations } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
    });
    await engine.reconcileAll();
    for (const env of ['dev', 'staging']) {
      await eventually(async () =>
        expect(await status(app.entityRef, env)).toMatchObject({
          syncStatus: 'Synced',
          health: 'Healthy',
        }),
      );
    }

    // No reconcile is called from here on: only the watches can notice.
    await scale('dev-cluster', 'search-dev', 'search', 5);
    await eventually(async () => {
      const syncs = await operations(app.entityRef, 'dev');
      expect(syncs).toHaveLength(2);
      expect(syncs[0]).toMatchObject({
        state: 'succeeded',
        actor: ENGINE_ACTOR,
        message: 'Synced (self heal): 0 created, 1 configured, 1 unchanged',
      });
    });
    await eventually(async () => {
      expect(
        (await readLive('dev-cluster', 'Deployment', 'search-dev', 'search'))
          ?.spec,
      ).toMatchObject({ replicas: 2 });
      expect(await status(app.entityRef, 'dev')).toMatchObject({
        syncStatus: 'Synced',
        driftCount: 0,
      });
    });

    await scale('dev-cluster', 'search-staging', 'search', 5);
    const drifted = await eventually(async () => {
      const observation = await status(app.entityRef, 'staging');
      expect(observation).toMatchObject({
        syncStatus: 'OutOfSync',
        driftCount: 1,
      });
      return observation;
    });
    expect(
      drifted.resources?.find(resource => resource.kind === 'Deployment'),
    ).toMatchObject({
      syncStatus: 'OutOfSync',
      changes: [{ path: 'spec.replicas', desired: 2, live: 5 }],
    });
    expect(await operations(app.entityRef, 'staging')).toHaveLength(1);
    expect(
      (await readLive('dev-cluster', 'Deployment', 'search-staging', 'search'))
        ?.spec,
    ).toMatchObject({ replicas: 5 });
  });

  it('leaves a manual environment OutOfSync until syncNow; a dry run changes nothing', async () => {
    const app = await createApplication('reports', ['production']);
    const { engine, status, operations } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
    });
    const revision = await head(app.repo);

    await engine.reconcileAll();
    await engine.reconcileAll();
    const before = await status(app.entityRef, 'production');
    expect(before).toMatchObject({
      revision,
      syncStatus: 'OutOfSync',
      health: 'Missing',
      driftCount: 2,
    });
    expect(before.resources?.map(resource => resource.syncStatus)).toEqual([
      'Missing',
      'Missing',
    ]);
    expect(await operations(app.entityRef, 'production')).toEqual([]);

    const [application] = engine.applications;
    const [production] = application.environments;
    const dryRun = await engine.syncNow(
      application,
      production,
      { prune: true, dryRun: true },
      'user:default/jane',
    );
    expect(dryRun.operation).toBeUndefined();
    expect(dryRun.dryRun?.applied.map(item => item.action)).toEqual([
      'created',
      'created',
    ]);
    expect(
      await readLive(
        'prod-cluster',
        'Deployment',
        'reports-production',
        'reports',
      ),
    ).toBeUndefined();
    expect(await operations(app.entityRef, 'production')).toEqual([]);
    expect(await status(app.entityRef, 'production')).toMatchObject({
      syncStatus: 'OutOfSync',
    });

    const { operation } = await engine.syncNow(
      application,
      production,
      { prune: false },
      'user:default/jane',
    );
    expect(operation).toMatchObject({
      kind: 'sync',
      state: 'succeeded',
      actor: 'user:default/jane',
      revision,
      message: 'Synced: 2 created, 0 configured, 0 unchanged',
    });
    expect(await status(app.entityRef, 'production')).toMatchObject({
      syncStatus: 'Synced',
    });
    await eventually(async () =>
      expect(await status(app.entityRef, 'production')).toMatchObject({
        health: 'Healthy',
      }),
    );
  });

  it('prunes what Git dropped only where prune is on', async () => {
    const app = await createApplication('mailer', ['dev', 'staging']);
    const { engine, status, operations } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
    });
    await engine.reconcileAll();
    expect(
      await readLive(
        'dev-cluster',
        'ConfigMap',
        'mailer-dev',
        'mailer-settings',
      ),
    ).toBeDefined();

    await pushTestCommit(app.repo.path, {
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/configmap.yaml': null,
    });
    await engine.reconcileAll();

    const [devSync] = await operations(app.entityRef, 'dev');
    expect(devSync).toMatchObject({
      state: 'succeeded',
      message:
        'Synced (new revision): 0 created, 0 configured, 1 unchanged, 1 pruned',
    });
    expect(
      await readLive(
        'dev-cluster',
        'ConfigMap',
        'mailer-dev',
        'mailer-settings',
      ),
    ).toBeUndefined();
    expect(await status(app.entityRef, 'dev')).toMatchObject({
      syncStatus: 'Synced',
    });

    const [stagingSync] = await operations(app.entityRef, 'staging');
    expect(stagingSync.message).toBe(
      'Synced (new revision): 0 created, 0 configured, 1 unchanged',
    );
    expect(
      await readLive(
        'dev-cluster',
        'ConfigMap',
        'mailer-staging',
        'mailer-settings',
      ),
    ).toBeDefined();
    const staging = await status(app.entityRef, 'staging');
    expect(staging).toMatchObject({ syncStatus: 'OutOfSync', driftCount: 1 });
    expect(
      staging.resources?.filter(resource => resource.syncStatus === 'Extra'),
    ).toMatchObject([{ kind: 'ConfigMap', name: 'mailer-settings' }]);
  });

  it('prunes a kind Git no longer declares at all, also after a restart forgot what it watched', async () => {
    const app = await createApplication('notifier', ['dev']);
    const knex = await openDatabase();
    const first = await startEngine({ knex, entities: [app.entity] });
    await first.engine.reconcileAll();
    await first.engine.stop();
    await first.live.stop();
    const settings = () =>
      readLive('dev-cluster', 'ConfigMap', 'notifier-dev', 'notifier-settings');
    expect(await settings()).toBeDefined();

    // The only ConfigMap goes: the kind is in no manifest any more, and the
    // new replica's watches start from what Git declares.
    await pushTestCommit(app.repo.path, {
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/configmap.yaml': null,
    });
    const second = await startEngine({
      knex,
      entities: [app.entity],
      owner: 'replica-2',
    });
    await second.engine.reconcileAll();

    expect(await settings()).toBeUndefined();
    const [sync] = await second.operations(app.entityRef, 'dev');
    expect(sync.message).toBe(
      'Synced (new revision): 0 created, 0 configured, 1 unchanged, 1 pruned',
    );
    expect(await second.status(app.entityRef, 'dev')).toMatchObject({
      syncStatus: 'Synced',
      driftCount: 0,
    });
  });

  it('records a revision the API rejects as a failed sync, backs off, and remembers it across a restart', async () => {
    const app = await createApplication('billing', ['dev']);
    const knex = await openDatabase();
    // The clock stands still: however slow the machine, the retry is not due
    // until the test says so.
    const clock = new Date();
    const now = () => clock;
    const first = await startEngine({ knex, entities: [app.entity], now });
    await first.engine.reconcileAll();
    const good = await head(app.repo);

    const bad = await pushTestCommit(app.repo.path, {
      'base/deployment.yaml': deploymentYaml('billing', 'not-billing'),
    });
    const attempted = clock.getTime();
    const summary = await first.engine.reconcileAll();
    expect(summary.failed).toBe(1);
    const [failed] = await first.operations(app.entityRef, 'dev');
    expect(failed).toMatchObject({
      kind: 'sync',
      state: 'failed',
      actor: ENGINE_ACTOR,
      message: expect.stringMatching(
        /Deployment billing-dev\/billing.*selector/,
      ),
    });
    const observation = await first.status(app.entityRef, 'dev');
    expect(observation).toMatchObject({
      revision: bad,
      lastSyncedRevision: good,
      failedRevision: bad,
      syncFailures: 1,
      syncStatus: 'OutOfSync',
      // The failure itself, or (when the rollout of the first pass reported
      // in since, and the environment was compared again) the back-off.
      message: expect.stringMatching(
        /^Automated sync failed (\(attempt 1\): .*selector|1 time\(s\): retrying)/,
      ),
    });
    expect(failed.message).toMatch(/selector/);
    expect(observation.nextRetryAt!.getTime() - attempted).toBe(5_000);

    // In back-off: the next pass does not try again, and says when it will.
    await first.engine.reconcileAll();
    expect(await first.operations(app.entityRef, 'dev')).toHaveLength(2);
    expect((await first.status(app.entityRef, 'dev')).message).toMatch(
      /^Automated sync failed 1 time\(s\): retrying [0-9a-f]{7} after /,
    );

    // A restarted backend resumes from the stored memory.
    await first.engine.stop();
    const second = await startEngine({
      knex,
      entities: [app.entity],
      owner: 'replica-restarted',
      now,
    });
    await second.engine.reconcileAll();
    expect(await second.operations(app.entityRef, 'dev')).toHaveLength(2);
    expect(await second.status(app.entityRef, 'dev')).toMatchObject({
      failedRevision: bad,
      syncFailures: 1,
    });
  });

  it('retries a failed automated sync when its back-off ends, with no pass to prompt it', async () => {
    const app = await createApplication('journal', ['dev']);
    const knex = await openDatabase();
    const { engine, operations, status } = await startEngine({
      knex,
      entities: [app.entity],
    });
    await engine.reconcileAll();
    await pushTestCommit(app.repo.path, {
      'base/deployment.yaml': deploymentYaml('journal', 'not-journal'),
    });
    await engine.reconcileAll();
    expect(await status(app.entityRef, 'dev')).toMatchObject({
      syncFailures: 1,
    });

    // No pass, no commit, no watch event: the back-off's end (5 s) alone
    // brings the second attempt.
    await eventually(async () => {
      expect(await status(app.entityRef, 'dev')).toMatchObject({
        syncFailures: 2,
      });
    }, 30_000);
    const [second, first] = (await operations(app.entityRef, 'dev')).filter(
      operation => operation.state === 'failed',
    );
    expect(second.message).toMatch(/selector/);
    expect(Date.parse(second.createdAt)).toBeGreaterThanOrEqual(
      Date.parse(first.createdAt) + 5_000,
    );
  });

  // Fault injection exists in the simulator only.
  if (backendName === 'simulator') {
    it('reports a rollout the cluster fails as Degraded', async () => {
      const app = await createApplication('fraud', ['dev']);
      clusters
        .simulator!.cluster('dev-cluster')
        .failRollouts('fraud-dev', 'fraud');
      const { engine, status } = await startEngine({
        knex: await openDatabase(),
        entities: [app.entity],
      });
      await engine.reconcileAll();
      const degraded = await eventually(async () => {
        const observation = await status(app.entityRef, 'dev');
        expect(observation).toMatchObject({
          syncStatus: 'Synced',
          health: 'Degraded',
        });
        return observation;
      });
      expect(
        degraded.resources?.find(resource => resource.kind === 'Deployment')
          ?.healthMessage,
      ).toMatch(/progress deadline/);
    });
  }

  // Fault injection exists in the simulator only.
  if (backendName === 'simulator') {
    it('reports an unreachable cluster as Unknown with the reason, keeps other clusters going, and recovers', async () => {
      const app = await createApplication('ledger', ['dev', 'production']);
      const { engine, status } = await startEngine({
        knex: await openDatabase(),
        entities: [app.entity],
      });
      await engine.reconcileAll();
      const [application] = engine.applications;
      await engine.syncNow(
        application,
        application.environments[1],
        { prune: false },
        'user:default/jane',
      );
      expect(await status(app.entityRef, 'production')).toMatchObject({
        syncStatus: 'Synced',
      });

      const prod = clusters.simulator!.cluster('prod-cluster');
      await prod.setUnavailable(true);
      try {
        // The broken watch alone brings the news, without a pass.
        const unknown = await eventually(async () => {
          const observation = await status(app.entityRef, 'production');
          expect(observation).toMatchObject({
            syncStatus: 'Unknown',
            health: 'Unknown',
          });
          return observation;
        });
        expect(unknown.message).toMatch(/prod-cluster/);
        expect(unknown.message).toMatch(/ECONNREFUSED|refused|unreachable/i);

        const summary = await engine.reconcileAll();
        expect(summary.failed).toBe(1);
        expect(await status(app.entityRef, 'production')).toMatchObject({
          syncStatus: 'Unknown',
          message: expect.stringMatching(/prod-cluster/),
        });
        expect(await status(app.entityRef, 'dev')).toMatchObject({
          syncStatus: 'Synced',
        });
      } finally {
        await prod.setUnavailable(false);
      }
      // The watch is retried with back-off and brings the environment back.
      await eventually(async () =>
        expect(await status(app.entityRef, 'production')).toMatchObject({
          syncStatus: 'Synced',
          health: 'Healthy',
        }),
      );
    });
  }

  it('reports an unreachable config repo as Unknown for every environment of that application only', async () => {
    const broken = await createApplication('tax', ['dev', 'staging']);
    const healthy = await createApplication('shipping', ['dev']);
    const { engine, status } = await startEngine({
      knex: await openDatabase(),
      entities: [broken.entity, healthy.entity],
    });
    const moved = `${broken.repo.path}.moved`;
    await fs.rename(broken.repo.path, moved);
    try {
      const summary = await engine.reconcileAll();
      expect(summary).toMatchObject({ environments: 3, failed: 2, synced: 1 });
      for (const env of ['dev', 'staging']) {
        const observation = await status(broken.entityRef, env);
        expect(observation).toMatchObject({
          syncStatus: 'Unknown',
          health: 'Unknown',
        });
        expect(observation.message).toMatch(/repository|git/i);
      }
      expect(await status(healthy.entityRef, 'dev')).toMatchObject({
        syncStatus: 'Synced',
      });
    } finally {
      await fs.rename(moved, broken.repo.path);
    }
  });

  it('lets a held deploy lock go first: the automated sync waits and does not act', async () => {
    const app = await createApplication('pricing', ['dev']);
    const { engine, status, operations, stores } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
    });
    const key = { entityRef: app.entityRef, environment: 'dev' };
    expect(
      await stores.locks.tryAcquire(
        key,
        { operationId: 'deploy-0001', owner: 'replica-2' },
        new Date(0),
      ),
    ).toBe(true);

    await engine.reconcileAll();
    expect(await status(app.entityRef, 'dev')).toMatchObject({
      syncStatus: 'OutOfSync',
      message: 'Waiting for operation deploy-0001 before syncing',
    });
    expect(await operations(app.entityRef, 'dev')).toEqual([]);
    expect(
      await readLive('dev-cluster', 'Deployment', 'pricing-dev', 'pricing'),
    ).toBeUndefined();

    await stores.locks.release(key, 'deploy-0001');
    await engine.reconcileAll();
    expect(await operations(app.entityRef, 'dev')).toMatchObject([
      { state: 'succeeded', actor: ENGINE_ACTOR },
    ]);
  });

  it.each(databases.eachSupportedId())(
    'syncs a new revision once when two replicas reconcile it at the same time, %p',
    async databaseId => {
      const app = await createApplication(
        `orders-${databaseId.toLowerCase().replace(/_/g, '-')}`,
        ['dev'],
      );
      const knex = await openDatabase(databaseId);
      const one = await startEngine({
        knex,
        entities: [app.entity],
        owner: 'replica-1',
      });
      const two = await startEngine({
        knex,
        entities: [app.entity],
        owner: 'replica-2',
      });

      await Promise.all([one.engine.reconcileAll(), two.engine.reconcileAll()]);
      const once = (await one.operations(app.entityRef, 'dev')).filter(
        (operation: Operation) => operation.state === 'succeeded',
      );
      expect(once).toHaveLength(1);

      const next = await pushTestCommit(app.repo.path, {
        [`envs/dev/kustomization.yaml`]: overlay(app.name, 'dev', '2.0.0'),
      });
      await Promise.all([one.engine.reconcileAll(), two.engine.reconcileAll()]);
      await eventually(async () =>
        expect(await one.status(app.entityRef, 'dev')).toMatchObject({
          lastSyncedRevision: next,
          syncStatus: 'Synced',
          health: 'Healthy',
          liveVersion: '2.0.0',
        }),
      );
      const all = await one.operations(app.entityRef, 'dev');
      expect(
        all.map(operation => [operation.state, operation.revision]),
      ).toEqual([
        ['succeeded', next],
        ['succeeded', once[0].revision],
      ]);
    },
  );

  it('does not wait for a lock whose backend died: automated sync goes on (defect #12.2)', async () => {
    const app = await createApplication('orphaned-lock', ['dev']);
    const knex = await openDatabase();
    const { engine, operations, stores } = await startEngine({
      knex,
      entities: [app.entity],
    });
    await stores.locks.tryAcquire(
      { entityRef: app.entityRef, environment: 'dev' },
      { operationId: 'deploy-of-a-dead-replica', owner: 'replica-9' },
      new Date(0),
    );
    // kill -9: the heartbeat stopped a minute ago, nothing released the lock.
    await knex('gitops_locks')
      .where({ operation_id: 'deploy-of-a-dead-replica' })
      .update({ heartbeat_at: new Date(Date.now() - 60_000) });

    await engine.reconcileAll();
    expect(await operations(app.entityRef, 'dev')).toMatchObject([
      { state: 'succeeded', actor: ENGINE_ACTOR },
    ]);
  });

  it("never takes over another application's objects (defect #12.1)", async () => {
    const alpha = await createApplication('alpha', ['dev']);
    const first = await startEngine({
      knex: await openDatabase(),
      entities: [alpha.entity],
    });
    await first.engine.reconcileAll();
    await eventually(async () =>
      expect(await first.status(alpha.entityRef, 'dev')).toMatchObject({
        syncStatus: 'Synced',
      }),
    );
    const owned = await readLive(
      'dev-cluster',
      'ConfigMap',
      'alpha-dev',
      'alpha-settings',
    );

    // Another application whose manifests name alpha's ConfigMap.
    const repo = await createLocalRepository({
      'base/kustomization.yaml': 'resources:\n  - configmap.yaml\n',
      'base/configmap.yaml': configMapYaml('alpha').replace('info', 'debug'),
      'envs/dev/kustomization.yaml':
        'namespace: alpha-dev\nresources:\n  - ../../base\n',
    });
    cleanups.push(() => repo.close());
    const intruder = {
      ...entityOf('intruder', repo, ['dev']),
    };
    const second = await startEngine({
      knex: await openDatabase(),
      entities: [intruder],
    });
    await second.engine.reconcileAll();
    const refused = await second.status('component:default/intruder', 'dev');
    expect(refused.message).toMatch(
      /^Automated sync failed \(attempt 1\): ConfigMap alpha-dev\/alpha-settings: it belongs to application alpha-[0-9a-f]{10} in dev \(by its tracking labels\); Slipway never takes over another application's objects$/,
    );
    const [application] = second.engine.applications;
    const error = await second.engine
      .syncNow(
        application,
        application.environments[0],
        { prune: false, force: true },
        'user:default/mallory',
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(SyncFailedError);
    expect(error.failures).toMatchObject([{ reason: 'OwnedElsewhere' }]);

    const after = await readLive(
      'dev-cluster',
      'ConfigMap',
      'alpha-dev',
      'alpha-settings',
    );
    expect(after?.metadata.labels).toEqual(owned?.metadata.labels);
    expect((after as any).data).toEqual({ LOG_LEVEL: 'info' });
  });

  it('refuses a field another manager owns with a conflict that says force exists (defect #12.7)', async () => {
    const app = await createApplication('billing', ['production']);
    const { engine } = await startEngine({
      knex: await openDatabase(),
      entities: [app.entity],
    });
    await engine.reconcileAll();
    const [application] = engine.applications;
    const [production] = application.environments;
    await engine.syncNow(
      application,
      production,
      { prune: false },
      'user:default/jane',
    );
    await scale('prod-cluster', 'billing-production', 'billing', 5);

    const error = await engine
      .syncNow(application, production, { prune: false }, 'user:default/jane')
      .catch(e => e);
    expect(error).toBeInstanceOf(SyncFailedError);
    expect(error.failures).toMatchObject([
      { id: 'apps/Deployment billing-production/billing', reason: 'Conflict' },
    ]);
    const answer = toHttpError(error) as Error & { statusCode?: number };
    expect(answer).toBeInstanceOf(ConflictError);
    expect(answer.message).toMatch(
      /Sync with force to take these fields over \(they will be overwritten with what Git declares\)\.$/,
    );

    const forced = await engine.syncNow(
      application,
      production,
      { prune: false, force: true },
      'user:default/jane',
    );
    expect(forced.operation?.state).toBe('succeeded');
  });

  it('neither compares nor syncs two applications that claim one config location (defect #12.1)', async () => {
    const owner = await createApplication('vault', ['dev']);
    const hijack = entityOf('vault-hijack', owner.repo, ['dev']);
    const { engine, status, operations } = await startEngine({
      knex: await openDatabase(),
      entities: [owner.entity, hijack],
    });
    const summary = await engine.reconcileAll();
    expect(summary).toMatchObject({ environments: 2, failed: 2, synced: 0 });
    for (const [entityRef, other] of [
      [owner.entityRef, 'component:default/vault-hijack'],
      ['component:default/vault-hijack', owner.entityRef],
    ]) {
      expect(await status(entityRef, 'dev')).toMatchObject({
        syncStatus: 'Unknown',
        message: expect.stringMatching(
          new RegExp(
            `^${entityRef} shares its config location \\(.*\\) with ${other}; Slipway changes and syncs none of them`,
          ),
        ),
      });
      expect(await operations(entityRef, 'dev')).toEqual([]);
    }
    expect(
      await readLive('dev-cluster', 'Deployment', 'vault-dev', 'vault'),
    ).toBeUndefined();
    const [application] = engine.applications;
    await expect(
      engine.syncNow(
        application,
        application.environments[0],
        { prune: false },
        'user:default/jane',
      ),
    ).rejects.toThrow(/shares its config location/);
  });
});
