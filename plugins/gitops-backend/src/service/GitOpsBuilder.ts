import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ClusterSupplier,
  GitOpsConfig,
  ManifestRenderer,
  PullRequestProvider,
  readGitOpsConfig,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import express from 'express';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ApplicationCatalog, LocationOwnership } from '../applications';
import {
  createGitOpsStores,
  GitOpsStores,
} from '../database/createGitOpsStores';
import { EngineMetrics } from '../engine/EngineMetrics';
import { LiveStateCache } from '../engine/LiveStateCache';
import { ServerSideApplyAgent } from '../engine/ServerSideApplyAgent';
import { SyncEngine } from '../engine/SyncEngine';
import {
  ConfigRepoWriter,
  ConfiguredGitCredentialsProvider,
  GitCli,
  IntegrationsGitCredentialsProvider,
  RepositoryCache,
  RepositoryUrlPolicy,
} from '../git';
import { configMapReader, createHealthChecks } from '../health';
import { ClusterClients } from '../kubernetes';
import { AbandonedOperationRecovery } from '../operations/AbandonedOperationRecovery';
import { DeliveryService } from '../operations/DeliveryService';
import { HistoryService } from '../operations/HistoryService';
import { OperationRunner } from '../operations/OperationRunner';
import { PullEngines } from '../pull/PullEngines';
import { createPullRequestProviders } from '../pullRequests';
import {
  createRendererChain,
  HelmRenderer,
  KustomizeRenderer,
  PlainRenderer,
  RenderCache,
} from '../render';
import { configuredRenderers } from '../render/configuredRenderers';
import { createWebhookRouter, selectAffectedApplications } from '../webhooks';
import { publishStatusSignal } from './publishStatusSignal';
import { createRouter } from './router';

/** The backend services the GitOps backend is built from. */
export interface GitOpsBuilderEnvironment {
  rootConfig: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  database: DatabaseService;
  permissions: PermissionsService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  catalog: CatalogService;
  signals: SignalsService;
}

/** What {@link GitOpsBuilder.build} gives the plugin to run and to stop. */
export interface GitOpsBackend {
  config: GitOpsConfig;
  stores: GitOpsStores;
  engine: SyncEngine;
  /** The watch cache the engine's agent reads. */
  live: LiveStateCache;
  /** Argo CD and Flux, for the environments they apply. */
  pull: PullEngines;
  runner: OperationRunner;
  /** The REST API with its webhook route. */
  router: express.Router;
  /** One engine pass over every application, logged. */
  runEnginePass(): Promise<void>;
  /** Settles operations whose replica died mid-way, logged. */
  recoverAbandonedOperations(): Promise<void>;
}

/**
 * Builds the GitOps backend from the plugin's services and what modules
 * added through its extension points: the stores, Git, rendering, the sync
 * engine with its watches, the delivery service and the router.
 */
export class GitOpsBuilder {
  private readonly renderers: ManifestRenderer[] = [];
  private readonly healthChecks: ResourceHealthCheck[] = [];
  private readonly clusterSuppliers: ClusterSupplier[] = [];
  private readonly pullRequestProviders: PullRequestProvider[] = [];

  static createBuilder(env: GitOpsBuilderEnvironment): GitOpsBuilder {
    return new GitOpsBuilder(env);
  }

  constructor(private readonly env: GitOpsBuilderEnvironment) {}

  addRenderers(renderers: Iterable<ManifestRenderer>): this {
    this.renderers.push(...renderers);
    return this;
  }

  addHealthChecks(checks: Iterable<ResourceHealthCheck>): this {
    this.healthChecks.push(...checks);
    return this;
  }

  addClusterSuppliers(suppliers: Iterable<ClusterSupplier>): this {
    this.clusterSuppliers.push(...suppliers);
    return this;
  }

  addPullRequestProviders(providers: Iterable<PullRequestProvider>): this {
    this.pullRequestProviders.push(...providers);
    return this;
  }

  async build(): Promise<GitOpsBackend> {
    const { rootConfig, logger } = this.env;
    const config = readGitOpsConfig(rootConfig);
    const stores = await createGitOpsStores(this.env.database);
    const urlPolicy = RepositoryUrlPolicy.fromConfig(rootConfig);
    const applications = new ApplicationCatalog(
      this.env.catalog,
      this.env.auth,
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
    const renderCache = this.buildRenderCache(config);
    const runner = new OperationRunner({
      operations: stores.operations,
      locks: stores.locks,
      logger,
      owner: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    });
    const metrics = new EngineMetrics();
    const { engine, live, pull } = await this.buildEngine({
      config,
      stores,
      applications,
      ownership,
      repositories,
      renderCache,
      runner,
      metrics,
    });
    const delivery = this.buildDelivery({
      stores,
      git,
      repositories,
      ownership,
      runner,
      metrics,
      engine,
    });
    // Operations whose replica died mid-way are settled, never left
    // "running": as succeeded when their commit landed, else failed.
    const recovery = new AbandonedOperationRecovery({
      operations: stores.operations,
      locks: stores.locks,
      repositories,
      applicationOf: entityRef => applications.getApplicationByRef(entityRef),
      logger,
      staleBefore: () => runner.staleBefore(),
    });
    const router = await createRouter({
      httpAuth: this.env.httpAuth,
      auth: this.env.auth,
      permissions: this.env.permissions,
      auditor: this.env.auditor,
      catalog: this.env.catalog,
      applications,
      statusStore: stores.status,
      operations: stores.operations,
      delivery,
      history: new HistoryService({
        repositories,
        operations: stores.operations,
      }),
      engine,
      webhooks: this.buildWebhookRouter(config, stores, engine),
    });

    return {
      config,
      stores,
      engine,
      live,
      pull,
      runner,
      router,
      runEnginePass: async () => {
        const summary = await engine.reconcileAll();
        logger.info(
          `Engine pass: ${summary.applications} applications, ${summary.environments} environments, ${summary.synced} synced, ${summary.failed} failed, ${summary.durationMs} ms`,
        );
      },
      recoverAbandonedOperations: async () => {
        const summary = await recovery.run();
        if (summary.recovered + summary.failed + summary.deferred > 0) {
          logger.warn(
            `Abandoned operations: ${summary.recovered} had landed, ${summary.failed} failed, ${summary.deferred} wait for Git`,
          );
        }
      },
    };
  }

  /** The sync engine, the watch cache it reads and Argo CD and Flux. */
  private async buildEngine(parts: {
    config: GitOpsConfig;
    stores: GitOpsStores;
    applications: ApplicationCatalog;
    ownership: LocationOwnership;
    repositories: RepositoryCache;
    renderCache: RenderCache;
    runner: OperationRunner;
    metrics: EngineMetrics;
  }): Promise<{ engine: SyncEngine; live: LiveStateCache; pull: PullEngines }> {
    const { rootConfig, logger, signals } = this.env;
    const { config, stores } = parts;
    const clusters = ClusterClients.fromConfig(
      rootConfig,
      this.clusterSuppliers,
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
      applications: parts.applications,
      repositories: parts.repositories,
      renderCache: parts.renderCache,
      statusStore: stores.status,
      locks: stores.locks,
      runner: parts.runner,
      ownership: parts.ownership,
      agent: new ServerSideApplyAgent(clusters, live),
      pull,
      healthChecks: await createHealthChecks({
        config: rootConfig,
        logger,
        extensionChecks: this.healthChecks,
        scheduler: this.env.scheduler,
        readConfigMap: configMapReader(clusters),
      }),
      logger,
      concurrency: config.engine.concurrency,
      metrics: parts.metrics,
      onStatusChanged: (entityRef, environment) =>
        publishStatusSignal(signals, logger, {
          entityRef,
          environment,
          type: 'status',
        }),
      onOperation: operation =>
        publishStatusSignal(signals, logger, {
          entityRef: operation.entityRef,
          environment: operation.environment,
          type: 'operation',
        }),
    });
    engineRef.current = engine;
    return { engine, live, pull };
  }

  private buildRenderCache(config: GitOpsConfig): RenderCache {
    // Modules' renderers and health checks come first, so a platform can
    // take over what a built-in one would claim.
    return new RenderCache({
      renderer: createRendererChain([
        ...this.renderers,
        ...configuredRenderers(config),
        new KustomizeRenderer(),
        // Chart folders; a configured helm binary, asked first, takes
        // them over.
        new HelmRenderer(),
        new PlainRenderer(),
      ]),
    });
  }

  /** Deploy, promote and rollback: commits and pull requests. */
  private buildDelivery(parts: {
    stores: GitOpsStores;
    git: GitCli;
    repositories: RepositoryCache;
    ownership: LocationOwnership;
    runner: OperationRunner;
    metrics: EngineMetrics;
    engine: SyncEngine;
  }): DeliveryService {
    const { rootConfig, logger, signals } = this.env;
    const { repositories, engine } = parts;
    return new DeliveryService({
      repositories,
      writer: new ConfigRepoWriter({
        git: parts.git,
        cache: repositories,
        logger,
      }),
      runner: parts.runner,
      ownership: parts.ownership,
      statusStore: parts.stores.status,
      // Modules' providers are asked first, so one can serve a host the
      // built-in GitHub and GitLab providers would otherwise claim.
      pullRequestProviders: [
        ...this.pullRequestProviders,
        ...createPullRequestProviders(rootConfig, { logger }),
      ],
      logger,
      onChanged: (application, operation) => {
        parts.metrics.recordDeployment(
          application.entityRef,
          operation.environment,
          operation.kind,
        );
        publishStatusSignal(signals, logger, {
          entityRef: operation.entityRef,
          environment: operation.environment,
          type: 'operation',
        });
        // Automated environments sync the new revision at once instead
        // of waiting for the next pass.
        engine
          .reconcileApplication(application, 'change')
          .catch(error =>
            logger.warn(
              `Reconciling ${application.entityRef} after a change failed: ${error}`,
            ),
          );
      },
    });
  }

  private buildWebhookRouter(
    config: GitOpsConfig,
    stores: GitOpsStores,
    engine: SyncEngine,
  ): express.Router {
    return createWebhookRouter({
      logger: this.env.logger,
      secret: config.webhooks.secret,
      lifecycle: this.env.lifecycle,
      ledger: stores.deliveries,
      // A push refreshes exactly the applications whose repository,
      // branch and paths it touches, without waiting for the next pass.
      onPush: async push => {
        const affected = selectAffectedApplications(push, engine.applications);
        await Promise.all(
          affected.map(application =>
            engine.reconcileApplication(application, 'webhook'),
          ),
        );
      },
    });
  }
}
