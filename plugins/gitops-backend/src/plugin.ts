import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { gitopsPermissions } from '@slipway/plugin-gitops-common';
import {
  ClusterSupplier,
  gitopsClusterSuppliersExtensionPoint,
  gitopsHealthChecksExtensionPoint,
  gitopsPullRequestProvidersExtensionPoint,
  gitopsRenderersExtensionPoint,
  ManifestRenderer,
  PullRequestProvider,
  readGitOpsConfig,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ApplicationCatalog, LocationOwnership } from './applications';
import { createGitOpsStores } from './database/createGitOpsStores';
import { EngineMetrics } from './engine/EngineMetrics';
import { LiveStateCache } from './engine/LiveStateCache';
import { ServerSideApplyAgent } from './engine/ServerSideApplyAgent';
import { SyncEngine } from './engine/SyncEngine';
import { PullEngines } from './pull/PullEngines';
import {
  ConfigRepoWriter,
  ConfiguredGitCredentialsProvider,
  GitCli,
  IntegrationsGitCredentialsProvider,
  RepositoryCache,
  RepositoryUrlPolicy,
} from './git';
import { configMapReader, createHealthChecks } from './health';
import { ClusterClients } from './kubernetes';
import { AbandonedOperationRecovery } from './operations/AbandonedOperationRecovery';
import { DeliveryService } from './operations/DeliveryService';
import { HistoryService } from './operations/HistoryService';
import { OperationRunner } from './operations/OperationRunner';
import { createPullRequestProviders } from './pullRequests';
import { configuredRenderers } from './render/configuredRenderers';
import {
  createRendererChain,
  HelmRenderer,
  KustomizeRenderer,
  PlainRenderer,
  RenderCache,
} from './render';
import { createRouter } from './service/router';
import { publishStatusSignal } from './service/publishStatusSignal';
import { createWebhookRouter, selectAffectedApplications } from './webhooks';

/**
 * Slipway's backend plugin: REST API, status and operation stores, the
 * config-repo writer and the sync engine with its schedule.
 *
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    const renderers: ManifestRenderer[] = [];
    const healthChecks: ResourceHealthCheck[] = [];
    const clusterSuppliers: ClusterSupplier[] = [];
    const pullRequestProviders: PullRequestProvider[] = [];
    env.registerExtensionPoint(gitopsRenderersExtensionPoint, {
      addRenderer: renderer => renderers.push(renderer),
    });
    env.registerExtensionPoint(gitopsHealthChecksExtensionPoint, {
      addHealthCheck: check => healthChecks.push(check),
    });
    env.registerExtensionPoint(gitopsClusterSuppliersExtensionPoint, {
      addClusterSupplier: supplier => clusterSuppliers.push(supplier),
    });
    env.registerExtensionPoint(gitopsPullRequestProvidersExtensionPoint, {
      addPullRequestProvider: provider => pullRequestProviders.push(provider),
    });

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        permissionsRegistry: coreServices.permissionsRegistry,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { rootConfig, logger, scheduler, lifecycle, httpRouter } = deps;
        const config = readGitOpsConfig(rootConfig);
        deps.permissionsRegistry.addPermissions(gitopsPermissions);

        const stores = await createGitOpsStores(deps.database);
        const urlPolicy = RepositoryUrlPolicy.fromConfig(rootConfig);
        const applications = new ApplicationCatalog(
          deps.catalog,
          deps.auth,
          config,
          urlPolicy,
        );
        const ownership = LocationOwnership.fromConfig(
          rootConfig,
          async () => (await applications.listApplications()).applications,
        );
        const git = new GitCli({
          urlPolicy,
          credentials: ConfiguredGitCredentialsProvider.fromConfig(
            rootConfig,
            IntegrationsGitCredentialsProvider.fromConfig(rootConfig),
          ),
          logger,
        });
        const repositories = await RepositoryCache.create({
          git,
          logger,
          cacheDir: path.resolve(
            config.cacheDir ?? path.join(os.tmpdir(), 'slipway-gitops-cache'),
          ),
        });
        // Modules' renderers and health checks come first, so a platform can
        // take over what a built-in one would claim.
        const renderCache = new RenderCache({
          renderer: createRendererChain([
            ...renderers,
            ...configuredRenderers(config),
            new KustomizeRenderer(),
            // Chart folders; a configured helm binary, asked first, takes
            // them over.
            new HelmRenderer(),
            new PlainRenderer(),
          ]),
        });
        const runner = new OperationRunner({
          operations: stores.operations,
          locks: stores.locks,
          logger,
          owner: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        });
        const metrics = new EngineMetrics();
        const clusters = ClusterClients.fromConfig(
          rootConfig,
          clusterSuppliers,
        );
        // The engine and the watch cache need each other: the cache reports
        // changes to the engine, the engine's agent reads the cache.
        const engineRef: { current?: SyncEngine } = {};
        const live = new LiveStateCache(clusters, logger, change =>
          engineRef.current?.handleLiveChange(change),
        );
        const pull = new PullEngines({
          clusters,
          logger,
          onChange: (cluster, kind) =>
            engineRef.current?.handleEngineChange(cluster, kind.type),
        });
        const engine = new SyncEngine({
          applications,
          repositories,
          renderCache,
          statusStore: stores.status,
          locks: stores.locks,
          runner,
          ownership,
          agent: new ServerSideApplyAgent(clusters, live),
          pull,
          healthChecks: await createHealthChecks({
            config: rootConfig,
            logger,
            extensionChecks: healthChecks,
            scheduler,
            readConfigMap: configMapReader(clusters),
          }),
          logger,
          concurrency: config.engine.concurrency,
          metrics,
          onStatusChanged: (entityRef, environment) =>
            publishStatusSignal(deps.signals, logger, {
              entityRef,
              environment,
              type: 'status',
            }),
          onOperation: operation =>
            publishStatusSignal(deps.signals, logger, {
              entityRef: operation.entityRef,
              environment: operation.environment,
              type: 'operation',
            }),
        });
        engineRef.current = engine;
        const syncEngine = engine;

        const delivery = new DeliveryService({
          repositories,
          writer: new ConfigRepoWriter({ git, cache: repositories, logger }),
          runner,
          ownership,
          statusStore: stores.status,
          // Modules' providers are asked first, so one can serve a host the
          // built-in GitHub and GitLab providers would otherwise claim.
          pullRequestProviders: [
            ...pullRequestProviders,
            ...createPullRequestProviders(rootConfig, { logger }),
          ],
          logger,
          onChanged: (application, operation) => {
            metrics.recordDeployment(
              application.entityRef,
              operation.environment,
              operation.kind,
            );
            publishStatusSignal(deps.signals, logger, {
              entityRef: operation.entityRef,
              environment: operation.environment,
              type: 'operation',
            });
            // Automated environments sync the new revision at once instead
            // of waiting for the next pass.
            syncEngine
              .reconcileApplication(application, 'change')
              .catch(error =>
                logger.warn(
                  `Reconciling ${application.entityRef} after a change failed: ${error}`,
                ),
              );
          },
        });

        await scheduler.scheduleTask({
          id: 'gitops-engine-pass',
          frequency: { milliseconds: config.engine.intervalMs },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 2 },
          scope: 'global',
          fn: async () => {
            const summary = await syncEngine.reconcileAll();
            logger.info(
              `Engine pass: ${summary.applications} applications, ${summary.environments} environments, ${summary.synced} synced, ${summary.failed} failed, ${summary.durationMs} ms`,
            );
          },
        });

        // Operations whose replica died mid-way are settled, never left
        // "running": as succeeded when their commit landed, else failed.
        const recovery = new AbandonedOperationRecovery({
          operations: stores.operations,
          locks: stores.locks,
          repositories,
          applicationOf: entityRef =>
            applications.getApplicationByRef(entityRef),
          logger,
          staleBefore: () => runner.staleBefore(),
        });
        const recoverAbandoned = async () => {
          const summary = await recovery.run();
          if (summary.recovered + summary.failed + summary.deferred > 0) {
            logger.warn(
              `Abandoned operations: ${summary.recovered} had landed, ${summary.failed} failed, ${summary.deferred} wait for Git`,
            );
          }
        };
        await recoverAbandoned().catch(error =>
          logger.error('Recovering abandoned operations failed', error),
        );
        await scheduler.scheduleTask({
          id: 'gitops-fail-abandoned-operations',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          scope: 'global',
          fn: recoverAbandoned,
        });
        lifecycle.addShutdownHook(async () => {
          await syncEngine.stop();
          await live.stop();
          await pull.stop();
          await runner.failOwnRunning();
        });

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            catalog: deps.catalog,
            applications,
            statusStore: stores.status,
            operations: stores.operations,
            delivery,
            history: new HistoryService({
              repositories,
              operations: stores.operations,
            }),
            engine: syncEngine,
            webhooks: createWebhookRouter({
              logger,
              secret: config.webhooks.secret,
              lifecycle,
              ledger: stores.deliveries,
              // A push refreshes exactly the applications whose repository,
              // branch and paths it touches, without waiting for the next pass.
              onPush: async push => {
                const affected = selectAffectedApplications(
                  push,
                  syncEngine.applications,
                );
                await Promise.all(
                  affected.map(application =>
                    syncEngine.reconcileApplication(application, 'webhook'),
                  ),
                );
              },
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Webhooks authenticate with the shared secret's HMAC, not a Backstage token.
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
        logger.info(
          `Slipway GitOps ready: ${
            config.environments.length
          } environments (${config.environments.map(e => e.name).join(' → ')})`,
        );
      },
    });
  },
});
