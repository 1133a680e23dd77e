import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeSimulator } from '@slipway/kube-simulator';
import { ClusterClients } from '../ClusterClients';
import { startTestClusters } from './startTestClusters';

export type TestClusterBackendName = 'simulator' | 'kube-apiserver';

/** Clusters named `dev-cluster` and `prod-cluster` on one backend. */
export interface BackendClusters {
  clients: ClusterClients;
  /** The portal config the clients were read from. */
  config: ConfigReader;
  /** The simulator itself, for what only it can do (fail rollouts, go down). */
  simulator?: KubeSimulator;
  /** A name (for a namespace or a CRD group) no other test run uses. */
  unique(prefix: string): string;
  stop(): Promise<void>;
}

export interface TestClusterBackend {
  name: TestClusterBackendName;
  start(): Promise<BackendClusters>;
}

const unique = (prefix: string) =>
  `${prefix}-${randomBytes(4).toString('hex')}`;

const simulator: TestClusterBackend = {
  name: 'simulator',
  async start() {
    const clusters = await startTestClusters();
    return {
      clients: clusters.clients,
      config: clusters.config,
      simulator: clusters.simulator,
      unique,
      stop: clusters.stop,
    };
  },
};

/**
 * The real control plane `scripts/kube.sh` starts (etcd, kube-apiserver,
 * the controller manager, the scheduler and KWOK nodes), as both cluster
 * names: tests keep apart by namespace.
 */
const kubeApiserver = (kubeconfig: string): TestClusterBackend => ({
  name: 'kube-apiserver',
  async start() {
    const config = clusterConfigOf(kubeconfig);
    return {
      clients: ClusterClients.fromConfig(config),
      config,
      unique,
      stop: async () => {},
    };
  },
});

/** Portal config naming the kubeconfig's current cluster dev-cluster and prod-cluster. */
export function clusterConfigOf(kubeconfig: string): ConfigReader {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster || !user?.token) {
    throw new Error(
      `${kubeconfig} has no current cluster with a bearer token (scripts/kube.sh writes one)`,
    );
  }
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: ['dev-cluster', 'prod-cluster'].map(name => ({
            name,
            url: cluster.server,
            authProvider: 'serviceAccount',
            serviceAccountToken: user.token,
            caData: cluster.caData,
          })),
        },
      ],
    },
  });
}

/**
 * The backends the cluster integration tests run on: the simulator always,
 * and the real control plane when `SLIPWAY_TEST_KUBECONFIG` names one (the
 * repository's test command starts it). With `SLIPWAY_REQUIRE_KUBE` set, a
 * missing real cluster fails the run instead of quietly testing the
 * simulator alone.
 */
export function testClusterBackends(): TestClusterBackend[] {
  const kubeconfig = process.env.SLIPWAY_TEST_KUBECONFIG;
  if (!kubeconfig && process.env.SLIPWAY_REQUIRE_KUBE) {
    throw new Error(
      'SLIPWAY_REQUIRE_KUBE is set but SLIPWAY_TEST_KUBECONFIG names no cluster (scripts/kube.sh start <dir> prints one)',
    );
  }
  return kubeconfig ? [simulator, kubeApiserver(kubeconfig)] : [simulator];
}
