import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { gitopsPermissions } from '@slipway/plugin-gitops-common';
import {
  ClusterSupplier,
  gitopsClusterSuppliersExtensionPoint,
  gitopsHealthChecksExtensionPoint,
  gitopsRenderersExtensionPoint,
  ManifestRenderer,
  readGitOpsConfig,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ApplicationCatalog } from './applications';

import { createGitOpsStores } from './database/createGitOpsStores';
import { createRouter } from './service/router';
import { StatusRefresher } from './engine/StatusRefresher';
import {
  ConfigRepoWriter,
  GitCli,
  IntegrationsGitCredentialsProvider,
  RepositoryCache,
} from './git';
import { DeliveryService } from './operations/DeliveryService';
import { HistoryService } from './operations/HistoryService';
import { OperationRunner } from './operations/OperationRunner';
import { createPullRequestProviders } from './pullRequests';
import {
  createRendererChain,
  KustomizeRenderer,
  PlainRenderer,
  RenderCache,
} from './render';

/**
 * Slipway's backend plugin: REST API, status store and the engine's schedule.
 *
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    const renderers: ManifestRenderer[] = [];
    const healthChecks: ResourceHealthCheck[] = [];
    const clusterSuppliers: ClusterSupplier[] = [];
    env.registerExtensionPoint(gitopsRenderersExtensionPoint, {
      addRenderer: renderer => renderers.push(renderer),
    });
    env.registerExtensionPoint(gitopsHealthChecksExtensionPoint, {
      addHealthCheck: check => healthChecks.push(check),
    });
    env.registerExtensionPoint(gitopsClusterSuppliersExtensionPoint, {
      addClusterSupplier: supplier => clusterSuppliers.push(supplier),
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
      },
      async init({
        rootConfig,
        logger,
        auth,
        httpAuth,
        httpRouter,
        database,
        permissionsRegistry,
        permissions,
        auditor,
        scheduler,
        lifecycle,
        catalog,
      }) {
        const config = readGitOpsConfig(rootConfig);
        permissionsRegistry.addPermissions(gitopsPermissions);

        const stores = await createGitOpsStores(database);
        const statusStore = stores.status;
        const applications = new ApplicationCatalog(catalog, auth, config);

        const git = new GitCli({
          credentials:
            IntegrationsGitCredentialsProvider.fromConfig(rootConfig),
          logger,
        });
        const repositories = await RepositoryCache.create({
          git,
          logger,
          cacheDir: path.resolve(
            config.cacheDir ?? path.join(os.tmpdir(), 'slipway-gitops-cache'),
          ),
        });
        // Renderers added by modules come first, so a platform can take over
        // a folder the built-in Kustomize or plain renderer would claim.
        const renderCache = new RenderCache({
          renderer: createRendererChain([
            ...renderers,
            new KustomizeRenderer(),
            new PlainRenderer(),
          ]),
        });
        const refresher = new StatusRefresher({
          applications,
          repositories,
          renderCache,
          statusStore,
          logger,
          concurrency: config.engine.concurrency,
        });
        await scheduler.scheduleTask({
          id: 'gitops-refresh',
          frequency: { milliseconds: config.engine.intervalMs },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 2 },
          scope: 'global',
          fn: async () => {
            const summary = await refresher.refreshAll();
            logger.info(
              `Refreshed ${summary.applications} applications (${summary.environments} environments, ${summary.failed} failed) in ${summary.durationMs} ms`,
            );
          },
        });

        const runner = new OperationRunner({
          operations: stores.operations,
          locks: stores.locks,
          logger,
          owner: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        });
        const delivery = new DeliveryService({
          repositories,
          writer: new ConfigRepoWriter({ git, cache: repositories, logger }),
          runner,
          statusStore,
          pullRequestProviders: createPullRequestProviders(rootConfig),
          logger,
          onChanged: application => {
            refresher
              .refreshApplication(application)
              .catch(error =>
                logger.warn(
                  `Refreshing ${application.entityRef} after a change failed: ${error}`,
                ),
              );
          },
        });
        const history = new HistoryService({
          repositories,
          operations: stores.operations,
        });

        // Operations whose replica died mid-way are failed with a reason,
        // never left "running".
        await runner.failAbandoned();
        await scheduler.scheduleTask({
          id: 'gitops-fail-abandoned-operations',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            const failed = await runner.failAbandoned();
            if (failed > 0) {
              logger.warn(`Failed ${failed} abandoned operations`);
            }
          },
        });
        lifecycle.addShutdownHook(() => runner.failOwnRunning());

        httpRouter.use(
          await createRouter({
            httpAuth,
            auth,
            permissions,
            auditor,
            catalog,
            applications,
            statusStore,
            operations: stores.operations,
            delivery,
            history,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(
          `Slipway GitOps ready: ${
            config.environments.length
          } environments (${config.environments.map(e => e.name).join(' → ')})`,
        );
      },
    });
  },
});
