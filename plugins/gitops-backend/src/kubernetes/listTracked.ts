import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { runWithConcurrency } from '../engine/runWithConcurrency';
import { ClusterClient } from './ClusterClient';
import { isClusterGenerated, isGeneratedType } from './isClusterGenerated';
import { ServedResource } from './ResourceDiscovery';
import { TrackingTarget, trackingSelector } from './trackingLabels';

/** How many list calls run at once against one cluster. */
const LIST_CONCURRENCY = 4;

/**
 * The live objects of an application in an environment: everything that
 * carries its tracking labels, across every type the cluster serves (or the
 * given kinds only), as plain JSON with `apiVersion` and `kind` set. A kind
 * Git no longer declares at all is still found, so prune sees it. What the
 * cluster generated (see {@link isClusterGenerated}) is left out.
 */
export async function listTracked(
  client: ClusterClient,
  target: TrackingTarget,
  options: { kinds?: Array<{ apiVersion: string; kind: string }> } = {},
): Promise<KubernetesObject[]> {
  const selector = trackingSelector(target);
  const resources = await resourcesToList(client, options.kinds);
  const found: KubernetesObject[] = [];
  const failures = await runWithConcurrency(
    resources,
    LIST_CONCURRENCY,
    async resource => {
      const list = (await client.objects.list(
        resource.apiVersion,
        resource.kind,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        selector,
      )) as { items?: KubernetesObject[] };
      for (const item of list.items ?? []) {
        // List items omit their apiVersion and kind.
        const object = {
          ...item,
          apiVersion: resource.apiVersion,
          kind: resource.kind,
        };
        if (!isClusterGenerated(object)) {
          found.push(object);
        }
      }
    },
  );
  if (failures.length > 0) {
    // A partial list would make prune and the diff wrong; fail as a whole.
    throw failures[0].error;
  }
  return found.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

async function resourcesToList(
  client: ClusterClient,
  kinds: Array<{ apiVersion: string; kind: string }> | undefined,
): Promise<ServedResource[]> {
  if (!kinds) {
    const served = await client.discovery.servedResources();
    return served.filter(
      resource => !isGeneratedType(resource.group, resource.kind),
    );
  }
  const resolved = await Promise.all(
    kinds.map(({ apiVersion, kind }) =>
      client.discovery.resourceFor(apiVersion, kind),
    ),
  );
  const unique = new Map<string, ServedResource>();
  for (const resource of resolved) {
    if (resource && resource.verbs.includes('list')) {
      unique.set(`${resource.group}/${resource.kind}`, resource);
    }
  }
  return [...unique.values()];
}

function keyOf(object: KubernetesObject): string {
  return [
    object.apiVersion,
    object.kind,
    object.metadata.namespace ?? '',
    object.metadata.name,
  ].join('/');
}
