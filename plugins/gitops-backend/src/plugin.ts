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
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { GitOpsBuilder } from './service/GitOpsBuilder';

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
        const { logger, scheduler, lifecycle, httpRouter } = deps;
        deps.permissionsRegistry.addPermissions(gitopsPermissions);
        // Modules have added to the extension points by now: their inits
        // run before the plugin's.
        const gitops = await GitOpsBuilder.createBuilder(deps)
          .addRenderers(renderers)
          .addHealthChecks(healthChecks)
          .addClusterSuppliers(clusterSuppliers)
          .addPullRequestProviders(pullRequestProviders)
          .build();
        const { config, engine } = gitops;

        await scheduler.scheduleTask({
          id: 'gitops-engine-pass',
          frequency: { milliseconds: config.engine.intervalMs },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 2 },
          scope: 'global',
          fn: gitops.runEnginePass,
        });
        await gitops
          .recoverAbandonedOperations()
          .catch(error =>
            logger.error('Recovering abandoned operations failed', error),
          );
        await scheduler.scheduleTask({
          id: 'gitops-fail-abandoned-operations',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          scope: 'global',
          fn: gitops.recoverAbandonedOperations,
        });
        lifecycle.addShutdownHook(async () => {
          await engine.stop();
          await gitops.live.stop();
          await gitops.pull.stop();
          await gitops.runner.failOwnRunning();
        });

        httpRouter.use(gitops.router);
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
