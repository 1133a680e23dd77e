import { ConfigReader } from '@backstage/config';
import { KubeSimulator, startKubeSimulator } from '@slipway/kube-simulator';
import { ClusterClients } from '../ClusterClients';

export interface TestClusters {
  simulator: KubeSimulator;
  clients: ClusterClients;
  /** The portal config the clients were read from. */
  config: ConfigReader;
  stop(): Promise<void>;
}

/**
 * Simulated clusters on loopback and the registry a portal would build for
 * them from its `kubernetes.clusterLocatorMethods` config.
 */
export async function startTestClusters(
  names: string[] = ['dev-cluster', 'prod-cluster'],
): Promise<TestClusters> {
  const simulator = await startKubeSimulator({
    clusters: names,
    host: '127.0.0.1',
    controller: { tickMs: 20 },
    watch: { bookmarkIntervalMs: 100 },
  });
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: simulator.clusters.map(cluster => ({
            name: cluster.name,
            url: cluster.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: cluster.token,
            skipTLSVerify: true,
          })),
        },
      ],
    },
  });
  return {
    simulator,
    clients: ClusterClients.fromConfig(config),
    config,
    stop: () => simulator.stop(),
  };
}
