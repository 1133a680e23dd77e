import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';
import {
  applicationLabelValue,
  ClusterApplier,
  ClusterClients,
  listTracked,
  PrunedObject,
  pruneObjects,
} from '../kubernetes';
import {
  AgentSyncOptions,
  AgentSyncResult,
  AgentTarget,
  ClusterAgent,
} from './ClusterAgent';
import { liveAfterSync } from './liveAfterSync';
import { LiveStateCache } from './LiveStateCache';

function kindsOf(objects: readonly KubernetesObject[]) {
  const seen = new Map<string, { apiVersion: string; kind: string }>();
  for (const object of objects) {
    seen.set(`${object.apiVersion}/${object.kind}`, {
      apiVersion: object.apiVersion,
      kind: object.kind,
    });
  }
  return [...seen.values()];
}

/**
 * The built-in agent: server-side apply with Slipway's field manager, prune
 * of tracked objects Git no longer declares, and live state from the watch
 * cache.
 */
export class ServerSideApplyAgent implements ClusterAgent {
  private readonly applier: ClusterApplier;

  constructor(
    private readonly clients: ClusterClients,
    private readonly live: LiveStateCache,
  ) {
    this.applier = new ClusterApplier(clients);
  }

  async prepare(
    target: AgentTarget,
    desired: readonly KubernetesObject[],
    previousKinds: ReadonlyArray<{ group: string; kind: string }> = [],
  ) {
    const kinds = kindsOf(desired);
    const declared = new Set(
      kinds.map(type => `${apiGroupOf(type.apiVersion)}/${type.kind}`),
    );
    const dropped = previousKinds.filter(
      type => !declared.has(`${type.group}/${type.kind}`),
    );
    if (dropped.length > 0) {
      // Only a group and kind are stored; the cluster says which version
      // to watch them in.
      const client = await this.clients.get(target.cluster);
      const served = await client.discovery.servedResources();
      for (const type of dropped) {
        const resource = served.find(
          candidate =>
            candidate.group === type.group && candidate.kind === type.kind,
        );
        if (resource) {
          kinds.push({ apiVersion: resource.apiVersion, kind: resource.kind });
        }
      }
    }
    await this.live.ensureWatching(target.cluster, kinds);
  }

  async observe(
    target: AgentTarget,
    options: { fresh?: boolean } = {},
  ): Promise<KubernetesObject[]> {
    if (options.fresh) {
      // The kinds the watches cover, so a fresh answer and a cached one
      // describe the same objects.
      const client = await this.clients.get(target.cluster);
      return listTracked(
        client,
        { application: target.application, environment: target.environment },
        { kinds: this.live.watchedKinds(target.cluster) },
      );
    }
    return this.live.objectsOf(
      target.cluster,
      applicationLabelValue(target.application),
      target.environment,
    );
  }

  async sync(
    target: AgentTarget,
    desired: readonly KubernetesObject[],
    options: AgentSyncOptions,
  ): Promise<AgentSyncResult> {
    const tracking = {
      application: target.application,
      environment: target.environment,
    };
    const applied = await this.applier.apply(target.cluster, desired, {
      dryRun: options.dryRun,
      force: options.force,
      namespace: target.namespace,
      tracking,
      before: options.live,
      ownerOf: identity => this.live.ownerOf(target.cluster, identity),
    });
    const errors = applied.flatMap(result =>
      result.error ? [`${result.id}: ${result.error}`] : [],
    );
    let pruned: PrunedObject[] = [];
    // Prune last, and only when everything declared went through: a
    // half-applied revision must not also lose what it replaced.
    if (options.prune && errors.length === 0) {
      const client = await this.clients.get(target.cluster);
      // The watches cover every kind this environment declared (now, or
      // before, see prepare), which is what a prune can find to remove;
      // without them, every kind the cluster serves is listed.
      const live = options.live ?? (await listTracked(client, tracking));
      pruned = await pruneObjects(client, {
        desired: [...desired],
        live,
        target: tracking,
        namespace: target.namespace,
        dryRun: options.dryRun,
      });
    }
    errors.push(
      ...pruned.flatMap(result =>
        result.action === 'failed'
          ? [`pruning ${result.id}: ${result.reason}`]
          : [],
      ),
    );
    return {
      applied: applied.map(result => ({
        id: result.id,
        action: result.action,
        error: result.error,
        reason: result.reason,
      })),
      pruned: pruned.map(result => ({
        id: result.id,
        action: result.action,
        reason: result.reason,
      })),
      errors,
      after:
        options.live && !options.dryRun
          ? liveAfterSync(options.live, applied, pruned)
          : undefined,
    };
  }
}
