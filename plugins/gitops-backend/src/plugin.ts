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
import { ApplicationCatalog } from './applications';

import { DatabaseStatusStore } from './database/DatabaseStatusStore';
import { createRouter } from './service/router';

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
        catalog,
      }) {
        const config = readGitOpsConfig(rootConfig);
        permissionsRegistry.addPermissions(gitopsPermissions);

        const statusStore = await DatabaseStatusStore.create(database);
        const applications = new ApplicationCatalog(catalog, auth, config);

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
