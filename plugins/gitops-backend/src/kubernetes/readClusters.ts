import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ClusterDefinition, clusterDefinitionOf } from './ClusterDefinition';
import { readKubeconfig } from './readKubeconfig';

/** The only `authProvider` Slipway can authenticate with so far. */
const SERVICE_ACCOUNT = 'serviceAccount';

/**
 * The clusters the portal configures: entries of type `config` under
 * `kubernetes.clusterLocatorMethods` (the block Backstage's Kubernetes plugin
 * reads, so clusters are configured once) and the contexts of the kubeconfig
 * file at `gitops.kubeconfig`. Other locator types (`catalog`, `gke`,
 * `localKubectlProxy`…) only list clusters for viewing and are left to the
 * Kubernetes plugin. A name declared twice is an error, because an
 * environment would otherwise apply to whichever came first.
 */
export function readClusters(config: Config): ClusterDefinition[] {
  const clusters: ClusterDefinition[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, methodIndex) => {
    if (method.getString('type') !== 'config') {
      return;
    }
    method.getConfigArray('clusters').forEach((cluster, clusterIndex) => {
      const source = `kubernetes.clusterLocatorMethods[${methodIndex}].clusters[${clusterIndex}]`;
      clusters.push(readConfigCluster(cluster, source));
    });
  });

  const kubeconfig = config.getOptionalString('gitops.kubeconfig');
  if (kubeconfig) {
    clusters.push(
      ...readKubeconfig(kubeconfig, {
        allowExec:
          config.getOptionalBoolean('gitops.allowKubeconfigExec') ?? false,
      }),
    );
  }

  const seen = new Map<string, string>();
  for (const cluster of clusters) {
    const earlier = seen.get(cluster.name);
    if (earlier) {
      throw new InputError(
        `Cluster "${cluster.name}" is declared twice: in ${earlier} and in ${cluster.source}`,
      );
    }
    seen.set(cluster.name, cluster.source);
  }
  return clusters;
}

function readConfigCluster(cluster: Config, source: string): ClusterDefinition {
  const name = cluster.getString('name');
  const authProvider = cluster.getString('authProvider');
  if (authProvider !== SERVICE_ACCOUNT) {
    throw new InputError(
      `Cluster "${name}" (${source}) uses authProvider "${authProvider}"; Slipway supports only authProvider "${SERVICE_ACCOUNT}" so far`,
    );
  }
  const serviceAccountToken = cluster.getOptionalString('serviceAccountToken');
  if (!serviceAccountToken) {
    throw new InputError(
      `Cluster "${name}" (${source}) has no serviceAccountToken; Slipway needs one to authenticate with authProvider "${SERVICE_ACCOUNT}"`,
    );
  }
  const url = cluster.getString('url');
  if (!/^https?:\/\//.test(url)) {
    throw new InputError(
      `Cluster "${name}" (${source}) has url "${url}"; expected an http:// or https:// URL of the API server`,
    );
  }
  return clusterDefinitionOf(
    {
      name,
      url,
      serviceAccountToken,
      caData: cluster.getOptionalString('caData'),
      caFile: cluster.getOptionalString('caFile'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify'),
    },
    source,
  );
}
