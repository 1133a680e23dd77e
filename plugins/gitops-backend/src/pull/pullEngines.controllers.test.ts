import { mockServices } from '@backstage/backend-test-utils';
import { PatchStrategy } from '@kubernetes/client-node';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_CONFIG_BRANCH,
  ANNOTATION_CONFIG_REPO,
  ANNOTATION_IMAGE,
  EngineType,
} from '@slipway/plugin-gitops-common';
import { GitOpsConfig, KubernetesObject } from '@slipway/plugin-gitops-node';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApplicationCatalog,
  GitOpsApplication,
  toGitOpsApplication,
} from '../applications';
import { createGitOpsStores } from '../database/createGitOpsStores';
import { EnvironmentObservation, StatusStore } from '../database/StatusStore';
import { LiveStateCache } from '../engine/LiveStateCache';
import { ServerSideApplyAgent } from '../engine/ServerSideApplyAgent';
import { SyncEngine } from '../engine/SyncEngine';
import {
  ConfigRepoWriter,
  ConfiguredGitCredentialsProvider,
  GitCli,
  RepositoryCache,
} from '../git';
import { builtInHealthChecks } from '../health';
import { ClusterClient, ClusterClients } from '../kubernetes';
import { clusterConfigOf } from '../kubernetes/__testUtils__/testClusterBackends';
import { DeliveryService } from '../operations/DeliveryService';
import { OperationRunner } from '../operations/OperationRunner';
import {
  createRendererChain,
  KustomizeRenderer,
  PlainRenderer,
  RenderCache,
} from '../render';
import {
  captureLogger,
  createTestGitServer,
  pushTestCommit,
  TestGitServer,
  testGit,
} from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { PullEngines } from './PullEngines';
import { gitopsControllers } from './__testUtils__/gitopsControllers';

/*
 * The pull model against the real controllers: Argo CD's application
 * controller and repo server, Flux's source- and kustomize-controller,
 * built from their Go modules and run by scripts/gitops-controllers.sh on
 * the real control plane of scripts/kube.sh. Slipway writes Git (deploy,
 * promote, rollback), the controller applies, and Slipway reads status,
 * drift and health from the controller's objects and asks it to sync,
 * terminate, suspend and resume. Outcomes are checked where they happen:
 * the commit in the config repo, the object in the cluster, the stored
 * status and operation.
 */

jest.setTimeout(600_000);

const controllers = gitopsControllers();
const WAIT = 180_000;
const IMAGE = 'registry.example/slipway/pull';
const GIT_USER = 'slipway';
const GIT_PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
const jane = {
  entityRef: 'user:default/jane',
  name: 'Jane Doe',
  email: 'jane@example.com',
};

// Where recorded engine objects go when SLIPWAY_RECORD_ENGINE_OBJECTS names
// a folder: the unit tests' fixtures are such recordings, never hand-written.
const recordTo = process.env.SLIPWAY_RECORD_ENGINE_OBJECTS;

async function eventually<T>(
  probe: () => Promise<T>,
  timeoutMs = WAIT,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
}

function expectThat(condition: boolean, message: () => string) {
  if (!condition) {
    throw new Error(message());
  }
}

function configRepoFiles(name: string, tag: string) {
  const overlay = (environment: string) =>
    [
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
  return {
    'base/kustomization.yaml':
      'resources:\n  - deployment.yaml\n  - configmap.yaml\n',
    'base/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    matchLabels: { app: web }',
      '  template:',
      '    metadata:',
      '      labels: { app: web }',
      '    spec:',
      '      containers:',
      '        - name: web',
      `          image: ${IMAGE}:0.0.0`,
      '',
    ].join('\n'),
    'base/configmap.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: web-settings',
      'data:',
      '  LOG_LEVEL: info',
      '',
    ].join('\n'),
    'envs/dev/kustomization.yaml': overlay('dev'),
    'envs/staging/kustomization.yaml': overlay('staging'),
  };
}

const describeWithControllers = controllers ? describe : describe.skip;

describeWithControllers.each(['argocd', 'flux'] as EngineType[])(
  'the pull model with the real %s controllers',
  engineType => {
    const databases = createTestDatabases();
    const name = `pull-${engineType}-${randomBytes(3).toString('hex')}`;
    const engineNamespace =
      engineType === 'argocd'
        ? controllers?.argocdNamespace ?? 'argocd'
        : controllers?.fluxNamespace ?? 'flux-system';
    const cleanups: Array<() => Promise<unknown>> = [];
    let gitServer: TestGitServer;
    let repo: { url: string; path: string };
    let firstRevision: string;
    let cluster: ClusterClient;
    let engine: SyncEngine;
    let delivery: DeliveryService;
    let application: GitOpsApplication;
    let observation: (environment: string) => Promise<EnvironmentObservation>;
    let lines: string[];
    let statusStore: StatusStore;

    const config: GitOpsConfig = {
      environments: ['dev', 'staging'].map(environment => ({
        name: environment,
        cluster: 'dev-cluster',
        engine: {
          type: engineType,
          name: engineType,
          cluster: 'dev-cluster',
          namespace: engineType === 'argocd' ? engineNamespace : undefined,
        },
        sync: { automated: true, prune: true, selfHeal: false },
        ...(environment === 'staging'
          ? { promotion: { from: 'dev', requireHealthySource: false } }
          : {}),
        changes: 'commit' as const,
        protected: false,
      })),
      overlayPath: 'envs/{environment}',
      engine: { intervalMs: 60_000, concurrency: 4 },
      webhooks: {},
      render: {},
    };

    const live = async (
      kind: string,
      apiVersion: string,
      namespace: string,
      objectName: string,
    ) =>
      (await cluster.objects.read({
        apiVersion,
        kind,
        metadata: { name: objectName, namespace },
      })) as unknown as KubernetesObject & Record<string, any>;

    const deploymentImage = async (environment: string) => {
      const deployment = await live(
        'Deployment',
        'apps/v1',
        `${name}-${environment}`,
        'web',
      );
      return deployment.spec.template.spec.containers[0].image as string;
    };

    const record = async (label: string) => {
      if (!recordTo) {
        return;
      }
      await fs.mkdir(recordTo, { recursive: true });
      const objects =
        engineType === 'argocd'
          ? [
              await live(
                'Application',
                'argoproj.io/v1alpha1',
                engineNamespace,
                `${name}-dev`,
              ),
            ]
          : [
              await live(
                'Kustomization',
                'kustomize.toolkit.fluxcd.io/v1',
                engineNamespace,
                `${name}-dev`,
              ),
              await live(
                'GitRepository',
                'source.toolkit.fluxcd.io/v1',
                engineNamespace,
                name,
              ),
            ];
      await fs.writeFile(
        join(recordTo, `${engineType}-${label}.json`),
        `${JSON.stringify(objects, null, 2)}\n`,
      );
    };

    /** What the engine's objects look like for the environment. */
    const engineObjects = (environment: string) => {
      const objectName = `${name}-${environment}`;
      const path = `envs/${environment}`;
      if (engineType === 'argocd') {
        return [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name: objectName, namespace: engineNamespace },
            spec: {
              project: 'default',
              source: { repoURL: repo.url, path, targetRevision: 'main' },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: `${name}-${environment}`,
              },
              syncPolicy: {
                automated: { prune: true },
                syncOptions: ['CreateNamespace=true'],
              },
            },
          },
        ];
      }
      return [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: `${name}-${environment}` },
        },
        {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata: { name: objectName, namespace: engineNamespace },
          spec: {
            interval: '10m',
            sourceRef: { kind: 'GitRepository', name },
            path: `./${path}`,
            prune: true,
            wait: true,
            timeout: '2m',
          },
        },
      ];
    };

    beforeAll(async () => {
      gitServer = await createTestGitServer({
        username: GIT_USER,
        password: GIT_PASSWORD,
      });
      cleanups.push(() => gitServer.close());
      repo = await gitServer.createRepository(
        name,
        configRepoFiles(name, '1.0.0'),
      );
      firstRevision = (
        await testGit(['rev-parse', 'main'], { cwd: repo.path })
      ).trim();

      const clients = ClusterClients.fromConfig(
        clusterConfigOf(controllers!.kubeconfig),
      );
      cluster = await clients.get('dev-cluster');

      // The controllers' access to the config repo, as a platform team
      // gives it: an Argo CD repository Secret, a Flux GitRepository with
      // a secretRef.
      const secretName = `${name}-git`;
      const setup: Array<Record<string, unknown>> = [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: secretName,
            namespace: engineNamespace,
            ...(engineType === 'argocd'
              ? {
                  labels: {
                    'argocd.argoproj.io/secret-type': 'repository',
                  },
                }
              : {}),
          },
          stringData:
            engineType === 'argocd'
              ? { url: repo.url, username: GIT_USER, password: GIT_PASSWORD }
              : { username: GIT_USER, password: GIT_PASSWORD },
        },
      ];
      if (engineType === 'flux') {
        setup.push({
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name, namespace: engineNamespace },
          spec: {
            interval: '10m',
            url: repo.url,
            ref: { branch: 'main' },
            secretRef: { name: secretName },
          },
        });
      }
      setup.push(...engineObjects('dev'), ...engineObjects('staging'));
      const created = cluster;
      for (const object of setup) {
        await created.objects.create(object as any);
        cleanups.push(() =>
          created.objects.delete(object as any).catch(() => undefined),
        );
      }

      const knex = await databases.init('SQLITE_3');
      cleanups.push(() => knex.destroy());
      const stores = await createGitOpsStores(mockServices.database({ knex }));
      statusStore = stores.status;
      const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-pull-'));
      cleanups.push(() => fs.rm(cacheDir, { recursive: true, force: true }));
      const captured = captureLogger();
      lines = captured.lines;
      const logger = captured.logger;
      const git = new GitCli({
        credentials: new ConfiguredGitCredentialsProvider([
          {
            host: new URL(gitServer.url).host,
            credentials: { username: GIT_USER, password: GIT_PASSWORD },
          },
        ]),
      });
      const repositories = await RepositoryCache.create({ git, cacheDir });
      const runner = new OperationRunner({
        operations: stores.operations,
        locks: stores.locks,
        logger,
        owner: 'replica-1',
      });
      const engineRef: { current?: SyncEngine } = {};
      const pull = new PullEngines({
        clusters: clients,
        logger,
        onChange: (clusterName, kind) =>
          engineRef.current?.handleEngineChange(clusterName, kind.type),
        syncTimeoutMs: WAIT,
      });
      const liveCache = new LiveStateCache(clients, logger, () => undefined);
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            [ANNOTATION_CONFIG_REPO]: repo.url,
            [ANNOTATION_CONFIG_BRANCH]: 'main',
            [ANNOTATION_IMAGE]: IMAGE,
          },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      };
      const catalog = new ApplicationCatalog(
        catalogServiceMock({ entities: [entity] }),
        mockServices.auth(),
        config,
      );
      engine = new SyncEngine({
        applications: catalog,
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
        agent: new ServerSideApplyAgent(clients, liveCache),
        pull,
        healthChecks: builtInHealthChecks,
        logger,
        concurrency: 4,
        watchDebounceMs: 50,
      });
      engineRef.current = engine;
      delivery = new DeliveryService({
        repositories,
        writer: new ConfigRepoWriter({ git, cache: repositories }),
        runner,
        statusStore: stores.status,
        pullRequestProviders: [],
        logger,
        onChanged: changed => {
          engine.reconcileApplication(changed, 'change').catch(() => {});
        },
      });
      cleanups.push(async () => {
        await engine.stop();
        await pull.stop();
        await liveCache.stop();
      });
      application = (await catalog.listApplications()).applications[0];
      observation = async environment => {
        const found = (
          await stores.status.getObservations(application.entityRef)
        ).get(environment);
        if (!found) {
          throw new Error(`No status for ${environment} yet`);
        }
        return found;
      };
    });

    afterAll(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        await cleanup();
      }
    });

    /** Waits until the stored status of `environment` passes `check`. */
    const statusUntil = (
      environment: string,
      check: (status: EnvironmentObservation) => boolean,
      refresh: () => Promise<unknown> = async () => undefined,
    ) =>
      eventually(async () => {
        await refresh();
        const status = await observation(environment);
        expectThat(
          check(status),
          () =>
            `${environment}: ${JSON.stringify({
              ...status,
              resources: status.resources?.map(
                r => `${r.kind}/${r.name}:${r.syncStatus}:${r.health}`,
              ),
            })}`,
        );
        return status;
      });

    it('shows each environment Synced and Healthy at the version Git declares, from the engine object', async () => {
      const status = await statusUntil(
        'dev',
        s =>
          s.syncStatus === 'Synced' &&
          s.health === 'Healthy' &&
          s.liveVersion === '1.0.0',
        () => engine.reconcileAll(),
      );
      expect(status).toMatchObject({
        revision: firstRevision,
        version: '1.0.0',
        lastSyncedRevision: firstRevision,
        driftCount: 0,
        engine: {
          object: {
            kind: engineType === 'argocd' ? 'Application' : 'Kustomization',
            namespace: engineNamespace,
            name: `${name}-dev`,
          },
          automated: true,
        },
      });
      expect(status.resources?.map(r => `${r.kind}/${r.name}`).sort()).toEqual([
        'ConfigMap/web-settings',
        'Deployment/web',
      ]);
      expect(await deploymentImage('dev')).toBe(`${IMAGE}:1.0.0`);
      await record('synced');
    });

    it('deploys as a commit that the engine applies within seconds of being asked to refresh', async () => {
      const result = await delivery.deploy(
        application,
        { environment: 'dev', version: '1.1.0' },
        jane,
      );
      expect('operation' in result && result.operation.state).toBe('succeeded');
      const head = (
        await testGit(['rev-parse', 'main'], { cwd: repo.path })
      ).trim();
      const message = await testGit(['log', '-1', '--format=%B', head], {
        cwd: repo.path,
      });
      expect(message).toContain('1.0.0 → 1.1.0');
      // No reconcile by hand: the commit's refresh and the engine object's
      // watch bring the status.
      const status = await statusUntil(
        'dev',
        s =>
          s.revision === head &&
          s.syncStatus === 'Synced' &&
          s.health === 'Healthy' &&
          s.liveVersion === '1.1.0',
      );
      expect(status).toMatchObject({
        version: '1.1.0',
        lastSyncedRevision: head,
      });
      expect(await deploymentImage('dev')).toBe(`${IMAGE}:1.1.0`);
    });

    it('promotes dev to staging through Git and the engine', async () => {
      await delivery.promote(application, { from: 'dev', to: 'staging' }, jane);
      await statusUntil(
        'staging',
        s =>
          s.version === '1.1.0' &&
          s.liveVersion === '1.1.0' &&
          s.syncStatus === 'Synced',
      );
      expect(await deploymentImage('staging')).toBe(`${IMAGE}:1.1.0`);
    });

    it('rolls back while the engine syncs automatically', async () => {
      expect((await observation('dev')).engine?.automated).toBe(true);
      await delivery.rollback(
        application,
        { environment: 'dev', revision: firstRevision },
        jane,
      );
      await statusUntil(
        'dev',
        s =>
          s.version === '1.0.0' &&
          s.liveVersion === '1.0.0' &&
          s.syncStatus === 'Synced',
      );
      expect(await deploymentImage('dev')).toBe(`${IMAGE}:1.0.0`);
    });

    it('shows drift, and a manual sync through the engine heals it and is recorded', async () => {
      if (engineType === 'flux') {
        // A reconcile Flux is still running (asked after the rollback) would
        // apply Git over the change below; change the cluster once it is idle.
        await eventually(async () => {
          const kustomization = await live(
            'Kustomization',
            'kustomize.toolkit.fluxcd.io/v1',
            engineNamespace,
            `${name}-dev`,
          );
          const conditions: Array<{ type: string; status: string }> =
            kustomization.status?.conditions ?? [];
          expectThat(
            kustomization.status?.lastHandledReconcileAt ===
              kustomization.metadata.annotations?.[
                'reconcile.fluxcd.io/requestedAt'
              ] &&
              conditions.some(c => c.type === 'Ready' && c.status === 'True') &&
              !conditions.some(
                c => c.type === 'Reconciling' && c.status === 'True',
              ),
            () =>
              `Flux is still reconciling: ${JSON.stringify(
                kustomization.status,
              )}`,
          );
        });
      }
      await cluster.objects.patch(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'web-settings', namespace: `${name}-dev` },
          data: { LOG_LEVEL: 'debug' },
        } as any,
        undefined,
        undefined,
        'kubectl-edit',
        undefined,
        PatchStrategy.MergePatch,
      );
      // 'schedule' does not ask the engine to refresh (Flux would re-apply).
      const drifted = await statusUntil(
        'dev',
        s => s.syncStatus === 'OutOfSync' && (s.driftCount ?? 0) >= 1,
        () => engine.reconcileApplication(application, 'schedule'),
      );
      expect(
        drifted.resources?.find(r => r.kind === 'ConfigMap')?.syncStatus,
      ).toBe('OutOfSync');
      await record('drifted');

      const { operation } = await engine.syncNow(
        application,
        application.environments[0],
        { prune: true },
        jane.entityRef,
      );
      expect(operation).toMatchObject({
        kind: 'sync',
        state: 'succeeded',
        actor: jane.entityRef,
      });
      expect(operation?.message).toMatch(
        engineType === 'argocd' ? /^Argo CD synced/ : /^Flux reconciled/,
      );
      const settings = await live(
        'ConfigMap',
        'v1',
        `${name}-dev`,
        'web-settings',
      );
      expect(settings.data.LOG_LEVEL).toBe('info');
      await statusUntil(
        'dev',
        s => s.syncStatus === 'Synced' && s.driftCount === 0,
        () => engine.reconcileApplication(application, 'schedule'),
      );
    });

    it('shows a revision the engine cannot apply, with its words', async () => {
      await pushTestCommit(
        repo.path,
        {
          // Valid for kustomize, refused by the API server.
          'base/configmap.yaml': [
            'apiVersion: v1',
            'kind: ConfigMap',
            'metadata:',
            '  name: web-settings',
            'data:',
            '  LOG_LEVEL:',
            '    nested: value',
            '',
          ].join('\n'),
        },
        'A ConfigMap the API server refuses',
      );
      await engine.reconcileApplication(application, 'webhook');
      const failed = await statusUntil(
        'dev',
        s =>
          s.syncStatus === 'OutOfSync' &&
          (engineType === 'argocd'
            ? /failed to apply/.test(s.message ?? '')
            : s.health === 'Degraded'),
        () => engine.reconcileApplication(application, 'schedule'),
      );
      expect(failed.syncStatus).toBe('OutOfSync');
      await record('failed');
      await pushTestCommit(
        repo.path,
        configRepoFiles(name, '1.0.0'),
        'Back to a valid ConfigMap',
      );
      if (failed.engine?.operation?.phase === 'Running') {
        // Argo CD retries the failed revision and starts no other sync
        // meanwhile: what a person would do is terminate it.
        await engine.terminate(application, application.environments[0]);
      }
      await engine.reconcileApplication(application, 'webhook');
      const recovered = await statusUntil(
        'dev',
        s => s.syncStatus === 'Synced' && s.health === 'Healthy',
        () => engine.reconcileApplication(application, 'schedule'),
      );
      expect(recovered).toMatchObject({
        syncStatus: 'Synced',
        health: 'Healthy',
      });
    });

    it('reports a rollout that cannot progress as Degraded', async () => {
      // Pods no node can take never become ready: the Deployment controller
      // gives up after the progress deadline, and both engines' health
      // rules (and Slipway's) call that Degraded.
      await pushTestCommit(
        repo.path,
        {
          'envs/dev/unschedulable.yaml': [
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            '  name: web',
            'spec:',
            '  progressDeadlineSeconds: 2',
            '  template:',
            '    spec:',
            '      nodeSelector: { slipway.dev/no-such-node: "true" }',
            '',
          ].join('\n'),
          'envs/dev/kustomization.yaml': [
            'apiVersion: kustomize.config.k8s.io/v1beta1',
            'kind: Kustomization',
            `namespace: ${name}-dev`,
            'resources:',
            '  - ../../base',
            'patches:',
            '  - path: unschedulable.yaml',
            'images:',
            `  - name: ${IMAGE}`,
            '    newTag: "1.3.0"',
            '',
          ].join('\n'),
        },
        'A version no node can run',
      );
      await engine.reconcileApplication(application, 'webhook');
      const degraded = await statusUntil(
        'dev',
        s => s.health === 'Degraded',
        () => engine.reconcileApplication(application, 'schedule'),
      );
      expect(degraded.message ?? '').toMatch(/progress|deadline|health/i);
      await pushTestCommit(
        repo.path,
        {
          'envs/dev/unschedulable.yaml': null,
          'envs/dev/kustomization.yaml': configRepoFiles(name, '1.0.0')[
            'envs/dev/kustomization.yaml'
          ],
        },
        'Back to a version that runs',
      );
      await engine.reconcileApplication(application, 'webhook');
      await statusUntil(
        'dev',
        s => s.health === 'Healthy' && s.syncStatus === 'Synced',
        () => engine.reconcileApplication(application, 'schedule'),
      );
    });

    if (engineType === 'argocd') {
      it('finds the Applications an ApplicationSet generates, by their source', async () => {
        const setName = `${name}-set`;
        const setRepo = await gitServer.createRepository(
          setName,
          configRepoFiles(setName, '2.0.0'),
        );
        await cluster.objects.create({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: `${setName}-git`,
            namespace: engineNamespace,
            labels: { 'argocd.argoproj.io/secret-type': 'repository' },
          },
          stringData: {
            url: setRepo.url,
            username: GIT_USER,
            password: GIT_PASSWORD,
          },
        } as any);
        await cluster.objects.create({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          metadata: { name: setName, namespace: engineNamespace },
          spec: {
            generators: [
              { list: { elements: [{ env: 'dev' }, { env: 'staging' }] } },
            ],
            template: {
              metadata: { name: `${setName}-{{env}}` },
              spec: {
                project: 'default',
                source: {
                  repoURL: setRepo.url,
                  path: 'envs/{{env}}',
                  targetRevision: 'main',
                },
                destination: {
                  server: 'https://kubernetes.default.svc',
                  namespace: `${setName}-{{env}}`,
                },
                syncPolicy: {
                  automated: { prune: true },
                  syncOptions: ['CreateNamespace=true'],
                },
              },
            },
          },
        } as any);
        const generated = toGitOpsApplication(
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: setName,
              namespace: 'default',
              annotations: {
                [ANNOTATION_CONFIG_REPO]: setRepo.url,
                [ANNOTATION_CONFIG_BRANCH]: 'main',
                [ANNOTATION_IMAGE]: IMAGE,
              },
            },
          },
          config,
        );
        const [theEngine, theStore] = [engine, statusStore];
        for (const environment of ['dev', 'staging']) {
          const status = await eventually(async () => {
            await theEngine.reconcileApplication(generated, 'schedule');
            const found = (
              await theStore.getObservations(generated.entityRef)
            ).get(environment);
            expectThat(
              found?.syncStatus === 'Synced' &&
                found.health === 'Healthy' &&
                found.liveVersion === '2.0.0',
              () => JSON.stringify(found),
            );
            return found!;
          });
          expect(status.engine?.object).toEqual({
            kind: 'Application',
            namespace: engineNamespace,
            name: `${setName}-${environment}`,
          });
        }
        const generatedDev = await live(
          'Application',
          'argoproj.io/v1alpha1',
          engineNamespace,
          `${setName}-dev`,
        );
        expect(generatedDev.metadata.ownerReferences).toEqual([
          expect.objectContaining({ kind: 'ApplicationSet', name: setName }),
        ]);
      });

      it('terminates a sync that waits on a hook', async () => {
        // A PreSync hook Pod no node can take stays Pending, so the sync
        // operation keeps running until terminated.
        await pushTestCommit(
          repo.path,
          {
            'envs/dev/hook.yaml': [
              'apiVersion: v1',
              'kind: Pod',
              'metadata:',
              '  name: wait-forever',
              '  annotations:',
              '    argocd.argoproj.io/hook: PreSync',
              '    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation',
              'spec:',
              '  nodeSelector: { slipway.dev/no-such-node: "true" }',
              '  containers:',
              '    - name: wait',
              `      image: ${IMAGE}:hook`,
              '',
            ].join('\n'),
            'envs/dev/kustomization.yaml': [
              'apiVersion: kustomize.config.k8s.io/v1beta1',
              'kind: Kustomization',
              `namespace: ${name}-dev`,
              'resources:',
              '  - ../../base',
              '  - hook.yaml',
              'images:',
              `  - name: ${IMAGE}`,
              // A change to sync: hooks alone leave the Application Synced.
              '    newTag: "1.2.0"',
              '',
            ].join('\n'),
          },
          'A PreSync hook that never finishes',
        );
        const hookRevision = (
          await testGit(['rev-parse', 'main'], { cwd: repo.path })
        ).trim();
        await engine.reconcileApplication(application, 'webhook');
        const running = await statusUntil(
          'dev',
          s => s.engine?.operation?.phase === 'Running',
          () => engine.reconcileApplication(application, 'schedule'),
        );
        const argoApplication = await live(
          'Application',
          'argoproj.io/v1alpha1',
          engineNamespace,
          `${name}-dev`,
        );
        expect(
          argoApplication.status.operationState.operation.sync,
        ).toMatchObject({ revision: hookRevision });
        expect(running.engine?.operation?.startedAt).toBeTruthy();
        await record('operation-running');
        await engine.terminate(application, application.environments[0]);
        await statusUntil(
          'dev',
          s =>
            s.engine?.operation === undefined &&
            /terminated/i.test(s.message ?? ''),
          () => engine.reconcileApplication(application, 'schedule'),
        );
        await expect(
          engine.terminate(application, application.environments[0]),
        ).rejects.toThrow(/has no sync operation running/);
        await pushTestCommit(
          repo.path,
          {
            'envs/dev/hook.yaml': null,
            'envs/dev/kustomization.yaml': configRepoFiles(name, '1.0.0')[
              'envs/dev/kustomization.yaml'
            ],
          },
          'Without the hook',
        );
      });
    } else {
      it('suspends and resumes the Kustomization', async () => {
        await engine.setSuspended(
          application,
          application.environments[0],
          true,
        );
        const kustomization = await live(
          'Kustomization',
          'kustomize.toolkit.fluxcd.io/v1',
          engineNamespace,
          `${name}-dev`,
        );
        expect(kustomization.spec.suspend).toBe(true);
        const suspended = await statusUntil(
          'dev',
          s => s.engine?.suspended === true,
          () => engine.reconcileApplication(application, 'schedule'),
        );
        expect(suspended).toMatchObject({
          health: 'Suspended',
          engine: { automated: false },
        });
        await record('suspended');
        await expect(
          engine.syncNow(
            application,
            application.environments[0],
            { prune: true },
            jane.entityRef,
          ),
        ).rejects.toThrow(/is suspended; resume it first/);
        await engine.setSuspended(
          application,
          application.environments[0],
          false,
        );
        await statusUntil(
          'dev',
          s => s.engine?.suspended === undefined && s.health === 'Healthy',
          () => engine.reconcileApplication(application, 'schedule'),
        );
      });
    }

    it('says which object it looked for when none serves an environment', async () => {
      const orphan: GitOpsApplication = {
        ...application,
        entityRef: `component:default/${name}-orphan`,
        configRepo: { ...application.configRepo, path: 'elsewhere' },
        environments: application.environments.map(env => ({
          ...env,
          overlayPath: `elsewhere/envs/${env.name}`,
        })),
      };
      await engine.reconcileApplication(orphan, 'schedule');
      const status = (await statusStore.getObservations(orphan.entityRef)).get(
        'dev',
      )!;
      expect(status.syncStatus).toBe('Unknown');
      expect(status.message).toContain(
        engineType === 'argocd'
          ? `No Argo CD Application (namespace ${engineNamespace} of cluster dev-cluster) has the source ${repo.url} path elsewhere/envs/dev on main`
          : `No Flux Kustomization (any namespace of cluster dev-cluster) builds ${repo.url} path elsewhere/envs/dev on main`,
      );
      // The Git password never reaches a log line or a stored message.
      expect(lines.join('\n')).not.toContain(GIT_PASSWORD);
      expect(JSON.stringify(status)).not.toContain(GIT_PASSWORD);
    });
  },
);
