import { KubeConfig, Watch } from '@kubernetes/client-node';
import { ClusterDefinition } from './ClusterDefinition';
import { KeepAliveKubeConfig } from './KeepAliveKubeConfig';
import { PlainObjectApi } from './PlainObjectApi';
import { ResourceDiscovery } from './ResourceDiscovery';

/** The long-lived clients of one cluster, shared by every sync. */
export interface ClusterClient {
  name: string;
  url: string;
  kubeConfig: KubeConfig;
  objects: PlainObjectApi;
  discovery: ResourceDiscovery;
  watch: Watch;
  /** Where namespaced objects that name no namespace go by default. */
  defaultNamespace: string;
}

/** Builds the clients of a cluster; nothing is sent until they are used. */
export function createClusterClient(
  definition: ClusterDefinition,
): ClusterClient {
  const kubeConfig = new KeepAliveKubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [definition.cluster],
    users: [definition.user],
    contexts: [
      {
        name: definition.name,
        cluster: definition.cluster.name,
        user: definition.user.name,
        namespace: definition.namespace,
      },
    ],
    currentContext: definition.name,
  });
  const objects = PlainObjectApi.create(kubeConfig, {
    name: definition.name,
    url: definition.url,
    token: definition.user.token,
  });
  return {
    name: definition.name,
    url: definition.url,
    kubeConfig,
    objects,
    discovery: objects.discovery,
    watch: new Watch(kubeConfig),
    defaultNamespace: objects.namespace,
  };
}
