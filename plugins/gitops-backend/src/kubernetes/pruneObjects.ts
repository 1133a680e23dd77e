import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';
import { formatIdentity, ResourceIdentity } from '../diff/resourceIdentity';
import { ClusterClient } from './ClusterClient';
import { ClusterRequestError } from './ClusterRequestError';
import { isClusterGenerated } from './isClusterGenerated';
import {
  NOT_TRACKED_REASON,
  planPrune,
  PRUNE_DISABLED_REASON,
} from './planPrune';
import { isPruneDisabled, isTrackedBy, TrackingTarget } from './trackingLabels';

export interface PrunedObject {
  id: string;
  identity: ResourceIdentity;
  action: 'deleted' | 'skipped' | 'failed';
  /** Why it was skipped, or the API server's message when it failed. */
  reason?: string;
}

export interface PruneOptions {
  /** What Git declares now. */
  desired: readonly KubernetesObject[];
  /** This application's live objects, from {@link listTracked}. */
  live: readonly KubernetesObject[];
  target: TrackingTarget;
  /** Ask the server to check each delete and delete nothing. */
  dryRun?: boolean;
  /** Where desired objects that name no namespace are applied. */
  namespace?: string;
}

/** Objects the cluster puts into every namespace; they never keep one alive. */
const NAMESPACE_DEFAULTS = new Set([
  'ServiceAccount/default',
  'ConfigMap/kube-root-ca.crt',
]);
/** How many foreign objects a skipped namespace names. */
const FOREIGN_EXAMPLES = 3;

/**
 * Deletes the live objects of an application that Git no longer declares,
 * dependants first; run it after the apply. Each object is read again right
 * before its delete and kept unless it still carries this application's
 * tracking labels and has not opted out, because a label may have changed
 * since the list. A Namespace is kept while it holds anything that is not
 * this application's, since deleting it would delete that too. The delete
 * is conditional on the object's uid, so a replacement created meanwhile
 * survives. A cluster that cannot be reached throws.
 */
export async function pruneObjects(
  client: ClusterClient,
  options: PruneOptions,
): Promise<PrunedObject[]> {
  const plan = planPrune(
    options.desired,
    options.live,
    options.target,
    options.namespace ?? client.defaultNamespace,
  );
  const results: PrunedObject[] = plan.skipped.map(({ object, reason }) => ({
    ...describe(object),
    action: 'skipped',
    reason,
  }));
  for (const candidate of plan.prune) {
    results.push(await pruneOne(client, candidate, options));
  }
  return results;
}

async function pruneOne(
  client: ClusterClient,
  candidate: KubernetesObject,
  options: PruneOptions,
): Promise<PrunedObject> {
  const described = describe(candidate);
  try {
    const current = await read(client, candidate);
    if (!current) {
      return { ...described, action: 'skipped', reason: 'already deleted' };
    }
    if (!isTrackedBy(current, options.target)) {
      return { ...described, action: 'skipped', reason: NOT_TRACKED_REASON };
    }
    if (isPruneDisabled(current)) {
      return { ...described, action: 'skipped', reason: PRUNE_DISABLED_REASON };
    }
    if (isNamespace(current)) {
      const foreign = await foreignObjectsIn(
        client,
        current.metadata.name,
        options.target,
      );
      if (foreign.length > 0) {
        return {
          ...described,
          action: 'skipped',
          reason: `the namespace still holds objects that are not this application's: ${foreign.join(
            ', ',
          )}`,
        };
      }
    }
    await client.objects.delete(
      { ...current, apiVersion: candidate.apiVersion, kind: candidate.kind },
      undefined,
      options.dryRun ? 'All' : undefined,
      undefined,
      undefined,
      'Background',
      { preconditions: { uid: current.metadata.uid as string | undefined } },
    );
    return { ...described, action: 'deleted' };
  } catch (error) {
    if (!(error instanceof ClusterRequestError) || error.unreachable) {
      throw error;
    }
    if (error.status?.code === 404) {
      return { ...described, action: 'skipped', reason: 'already deleted' };
    }
    return {
      ...described,
      action: 'failed',
      reason: error.status?.message ?? error.message,
    };
  }
}

async function read(
  client: ClusterClient,
  object: KubernetesObject,
): Promise<KubernetesObject | undefined> {
  try {
    return (await client.objects.read({
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: {
        name: object.metadata.name,
        namespace: object.metadata.namespace,
      },
    })) as KubernetesObject;
  } catch (error) {
    if (error instanceof ClusterRequestError && error.status?.code === 404) {
      return undefined;
    }
    throw error;
  }
}

/** The first few objects in a namespace that this application does not track. */
async function foreignObjectsIn(
  client: ClusterClient,
  namespace: string,
  target: TrackingTarget,
): Promise<string[]> {
  const served = await client.discovery.servedResources();
  const foreign: string[] = [];
  for (const resource of served) {
    if (!resource.namespaced || foreign.length >= FOREIGN_EXAMPLES) {
      continue;
    }
    const list = (await client.objects.list(
      resource.apiVersion,
      resource.kind,
      namespace,
    )) as { items?: KubernetesObject[] };
    for (const item of list.items ?? []) {
      const object = {
        ...item,
        apiVersion: resource.apiVersion,
        kind: resource.kind,
      };
      if (
        isClusterGenerated(object) ||
        NAMESPACE_DEFAULTS.has(`${object.kind}/${object.metadata.name}`) ||
        isTrackedBy(object, target)
      ) {
        continue;
      }
      foreign.push(describe(object).id);
    }
  }
  return foreign.slice(0, FOREIGN_EXAMPLES);
}

function isNamespace(object: KubernetesObject): boolean {
  return object.kind === 'Namespace' && apiGroupOf(object.apiVersion) === '';
}

function describe(object: KubernetesObject): {
  id: string;
  identity: ResourceIdentity;
} {
  const identity: ResourceIdentity = {
    group: apiGroupOf(object.apiVersion),
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  };
  return { id: formatIdentity(identity), identity };
}
