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
import os from 'node:os';
import path from 'node:path';
import { ApplicationCatalog } from './applications';

import { createGitOpsStores } from './database/createGitOpsStores';
import { createRouter } from './service/router';
import { StatusRefresher } from './engine/StatusRefresher';
import {
  GitCli,
  IntegrationsGitCredentialsProvider,
  RepositoryCache,
} from './git';
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
        scheduler: coreServices.scheduler,
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
        scheduler,
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

        httpRouter.use(
          await createRouter({ httpAuth, applications, statusStore }),
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
