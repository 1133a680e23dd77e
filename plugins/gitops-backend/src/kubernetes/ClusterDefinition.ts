import type { Cluster, User } from '@kubernetes/client-node';
import { GitOpsCluster } from '@slipway/plugin-gitops-node';

/**
 * Everything needed to reach one cluster: the client-node cluster and user
 * entries a `KubeConfig` is built from. Config, kubeconfig files and
 * cluster suppliers all end up here, so one registry serves them all.
 */
export interface ClusterDefinition {
  name: string;
  /** The API server's base URL. */
  url: string;
  /** Where it was declared, for error messages (never a credential). */
  source: string;
  cluster: Cluster;
  user: User;
  /** Namespace of the kubeconfig context; objects without one land here. */
  namespace?: string;
}

/** A definition for a cluster given as Backstage config or by a supplier. */
export function clusterDefinitionOf(
  cluster: GitOpsCluster & { caFile?: string },
  source: string,
): ClusterDefinition {
  return {
    name: cluster.name,
    url: cluster.url,
    source,
    cluster: {
      name: cluster.name,
      server: cluster.url,
      caData: cluster.caData,
      caFile: cluster.caFile,
      // client-node refuses plain http unless TLS checks are off; an http URL
      // in config is an explicit choice (a local proxy or the simulator).
      skipTLSVerify:
        Boolean(cluster.skipTLSVerify) || cluster.url.startsWith('http:'),
    },
    user: { name: cluster.name, token: cluster.serviceAccountToken },
  };
}
