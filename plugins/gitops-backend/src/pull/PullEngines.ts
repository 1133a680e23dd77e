import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject as ClientObject } from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ClusterClients, ClusterRequestError } from '../kubernetes';
import { runWithConcurrency } from '../engine/runWithConcurrency';
import { ArgoCdEngine } from './ArgoCdEngine';
import { EngineKind, EngineObjectWatch } from './EngineObjectWatch';
import { FluxEngine } from './FluxEngine';
import { PullEngine, PullTarget } from './PullEngine';

/** Options of {@link PullEngines}. */
export interface PullEnginesOptions {
  clusters: ClusterClients;
  logger: LoggerService;
  /** Told when an engine's object changes in a cluster. */
  onChange?: (cluster: string, kind: EngineKind) => void;
  /** How long a sync asked of Argo CD or Flux is waited for (default 5 min). */
  syncTimeoutMs?: number;
}

/** An object to read live, as Git declares it or Flux's inventory names it. */
export interface LiveObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * The pull-model engines, Argo CD and Flux, behind one watch of their
 * objects, and the read-only access to the clusters they apply to.
 */
export class PullEngines {
  private readonly watch: EngineObjectWatch;
  private readonly argocd: ArgoCdEngine;
  private readonly flux: FluxEngine;
  private readonly clusters: ClusterClients;

  constructor(options: PullEnginesOptions) {
    this.clusters = options.clusters;
    this.watch = new EngineObjectWatch(
      options.clusters,
      options.logger,
      (cluster, kind) => options.onChange?.(cluster, kind),
    );
    const syncTimeoutMs = options.syncTimeoutMs ?? 5 * 60_000;
    this.argocd = new ArgoCdEngine(options.clusters, this.watch, {
      syncTimeoutMs,
    });
    this.flux = new FluxEngine(options.clusters, this.watch, {
      syncTimeoutMs,
    });
  }

  /** The engine of a target whose environment is not Slipway's own. */
  engineOf(target: PullTarget): PullEngine {
    switch (target.environment.engine.type) {
      case 'argocd':
        return this.argocd;
      case 'flux':
        return this.flux;
      default:
        throw new Error(
          `Environment ${target.environment.name} is applied by Slipway itself, not by Argo CD or Flux`,
        );
    }
  }

  /**
   * Reads objects as they are live, with GETs only (Slipway never writes to
   * a cluster an engine applies); absent ones are left out.
   */
  async readLive(
    cluster: string,
    refs: readonly LiveObjectRef[],
  ): Promise<KubernetesObject[]> {
    const client = await this.clusters.get(cluster);
    const found: KubernetesObject[] = [];
    await runWithConcurrency([...refs], 8, async ref => {
      try {
        const object = await client.objects.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        } as ClientObject & { metadata: { name: string } });
        found.push(object as unknown as KubernetesObject);
      } catch (error) {
        if (
          error instanceof ClusterRequestError &&
          error.status?.code === 404
        ) {
          return;
        }
        throw error;
      }
    });
    return found;
  }

  async stop(): Promise<void> {
    await this.watch.stop();
  }
}
