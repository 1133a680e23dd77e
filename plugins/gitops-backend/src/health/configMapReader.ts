import { isRecord } from './readField';

/** The part of `ClusterClients` that reads objects. */
export interface ClusterObjectReader {
  get(cluster: string): Promise<{
    objects: { getJson(path: string): Promise<unknown> };
  }>;
}

/**
 * Reads a ConfigMap's `data` through the backend's cluster clients, for
 * `createHealthChecks`' `readConfigMap` (the connected Argo CD's
 * `argocd-cm`). Values that are not strings are left out.
 */
export function configMapReader(clusters: ClusterObjectReader) {
  return async (
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined> => {
    const client = await clusters.get(cluster);
    const configMap = await client.objects.getJson(
      `/api/v1/namespaces/${encodeURIComponent(
        namespace,
      )}/configmaps/${encodeURIComponent(name)}`,
    );
    const data = isRecord(configMap) ? configMap.data : undefined;
    if (!isRecord(data)) {
      return undefined;
    }
    return Object.fromEntries(
      Object.entries(data).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  };
}
