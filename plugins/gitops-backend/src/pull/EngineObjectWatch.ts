import {
  ADD,
  DELETE,
  ERROR,
  Informer,
  KubernetesListObject,
  KubernetesObject as ClientObject,
  makeInformer,
  ObjectCache,
  UPDATE,
} from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { ClusterClients } from '../kubernetes';

/** A kind of an engine's objects: Argo CD Applications, Flux Kustomizations… */
export interface EngineKind {
  apiVersion: string;
  kind: string;
  plural: string;
  /** Which engine the kind belongs to, in words for messages. */
  engine: string;
  type: 'argocd' | 'flux';
}

interface KindWatch {
  informer?: Informer<ClientObject> & ObjectCache<ClientObject>;
  ready: Promise<void>;
}

/**
 * Watches (list, then watch) the objects through which Argo CD and Flux
 * report what they did, one informer per cluster, kind and namespace,
 * started when first asked for. Reads are answered from the informer's
 * cache, so a status pass costs the cluster nothing; every change is told to
 * `onChange` so the environment it serves is compared again at once. A watch
 * that breaks is dropped and started again by the next read.
 */
export class EngineObjectWatch {
  private readonly watches = new Map<string, KindWatch>();
  private stopped = false;

  constructor(
    private readonly clusters: ClusterClients,
    private readonly logger: LoggerService,
    private readonly onChange: (
      cluster: string,
      kind: EngineKind,
      object: ClientObject,
    ) => void,
  ) {}

  /** Every object of the kind in the namespace (all namespaces without one). */
  async list<T>(
    cluster: string,
    kind: EngineKind,
    namespace?: string,
  ): Promise<T[]> {
    const key = `${cluster}\0${kind.apiVersion}/${kind.kind}\0${
      namespace ?? ''
    }`;
    let watch = this.watches.get(key);
    if (!watch) {
      watch = { ready: Promise.resolve() };
      watch.ready = this.start(key, watch, cluster, kind, namespace);
      this.watches.set(key, watch);
    }
    try {
      await watch.ready;
    } catch (error) {
      if (this.watches.get(key) === watch) {
        this.watches.delete(key);
      }
      throw error;
    }
    return (watch.informer?.list() ?? []).map(
      object =>
        ({ apiVersion: kind.apiVersion, kind: kind.kind, ...object } as T),
    );
  }

  /** One object from the cache, or undefined. */
  async get<T>(
    cluster: string,
    kind: EngineKind,
    namespace: string | undefined,
    ref: { namespace: string; name: string },
  ): Promise<T | undefined> {
    const objects = await this.list<ClientObject>(cluster, kind, namespace);
    return objects.find(
      object =>
        object.metadata?.name === ref.name &&
        object.metadata?.namespace === ref.namespace,
    ) as T | undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const informers = [...this.watches.values()].map(w => w.informer);
    this.watches.clear();
    await Promise.all(
      informers.map(informer => informer?.stop().catch(() => {})),
    );
  }

  private async start(
    key: string,
    watch: KindWatch,
    cluster: string,
    kind: EngineKind,
    namespace: string | undefined,
  ): Promise<void> {
    if (this.stopped) {
      throw new ConflictError('The engine is stopping');
    }
    const client = await this.clusters.get(cluster);
    const served = await client.discovery.resourceFor(
      kind.apiVersion,
      kind.kind,
    );
    if (!served) {
      throw new Error(
        `Cluster "${cluster}" does not serve ${kind.kind} (${kind.apiVersion}): is ${kind.engine} installed there?`,
      );
    }
    const scope = namespace
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
    const path = `/apis/${kind.apiVersion}${scope}/${kind.plural}`;
    const list = () =>
      client.objects.list(kind.apiVersion, kind.kind, namespace) as Promise<
        KubernetesListObject<ClientObject>
      >;
    const informer = makeInformer(client.kubeConfig, path, list);
    watch.informer = informer;
    const changed = (object: ClientObject) => {
      if (this.watches.get(key) === watch) {
        this.onChange(cluster, kind, object);
      }
    };
    informer.on(ADD, changed);
    informer.on(UPDATE, changed);
    informer.on(DELETE, changed);
    // client-node reports a failed list or watch as an ERROR event and
    // resolves start() all the same.
    let startError: unknown;
    let started = false;
    informer.on(ERROR, error => {
      if (!started) {
        startError ??= error;
        return;
      }
      if (this.stopped || this.watches.get(key) !== watch) {
        return;
      }
      this.logger.warn(
        `Watch of ${kind.kind} in cluster ${cluster} failed; it restarts on the next read: ${error}`,
      );
      this.watches.delete(key);
      informer.stop().catch(() => {});
      // What it cached may be stale now: let its environments read again.
      for (const object of informer.list()) {
        this.onChange(cluster, kind, object);
      }
    });
    await informer.start();
    started = true;
    if (startError) {
      await informer.stop().catch(() => {});
      throw startError;
    }
  }
}
