import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { renderKubeconfig, startKubeSimulator } from '@slipway/kube-simulator';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Starts the in-memory Kubernetes API simulator inside the demo backend, so
 * `yarn start` gives the demo clusters to deploy to without a real cluster.
 * For the demo and the end-to-end tests only: a production backend never
 * adds this plugin.
 */
export default createBackendPlugin({
  pluginId: 'slipway-demo-kube-simulator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const clusters = (
          config.getOptionalConfigArray('slipwayDemo.kubeSimulator.clusters') ??
          []
        ).map(cluster => ({
          name: cluster.getString('name'),
          port: cluster.getNumber('port'),
          token: cluster.getString('token'),
        }));
        if (clusters.length === 0) {
          return;
        }
        const simulator = await startKubeSimulator({
          clusters,
          // kubectl sends bearer tokens over TLS only.
          tls: config.getOptionalBoolean('slipwayDemo.kubeSimulator.tls'),
          controller: { tickMs: 200 },
        });
        const kubeconfig = config.getOptionalString(
          'slipwayDemo.kubeSimulator.kubeconfig',
        );
        if (kubeconfig) {
          writeFileSync(
            resolve(kubeconfig),
            renderKubeconfig(simulator.clusters),
            { mode: 0o600 },
          );
          logger.info(`kubectl --kubeconfig ${resolve(kubeconfig)} get ns`);
        }
        logger.info(
          `Demo Kubernetes simulator serving ${simulator.clusters
            .map(cluster => `${cluster.name} at ${cluster.url}`)
            .join(', ')}`,
        );
        lifecycle.addShutdownHook(() => simulator.stop());
      },
    });
  },
});
