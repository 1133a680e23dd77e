import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ADD,
  CHANGE,
  DELETE,
  ERROR,
  Informer,
  KubernetesListObject,
  KubernetesObject as ClientObject,
  makeInformer,
  UPDATE,
} from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  ClusterClients,
  isClusterGenerated,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  TrackedOwner,
  trackedOwnerOf,
} from '../kubernetes';
import {
  formatIdentity,
  identityOf,
  ResourceIdentity,
} from '../diff/resourceIdentity';
import { LAST_APPLIED_ANNOTATION } from '../diff/stripServerFields';

/** A tracked object changed in a cluster: which application and environment it belongs to. */
export interface LiveChange {
  cluster: string;
  /** The value of the application tracking label. */
  application: string;
  environment: string;
}

interface KindWatch {
  type: { apiVersion: string; kind: string };
  /** Resolves once the kind is listed and watched; rejects with why not. */
  ready: Promise<void>;
  informer?: Informer<ClientObject>;
  state: 'starting' | 'watching' | 'failed';
}

const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;
const RESTART_DELAY_MS = 2_000;
const MAX_RESTART_DELAY_MS = 60_000;

function typeKey(type: { apiVersion: string; kind: string }) {
  return `${type.apiVersion}/${type.kind}`;
}

function ownerKey(application: string, environment: string) {
  return `${application}\0${environment}`;
}

/**
 * The live state of every Slipway-managed object, kept by one watch per
 * cluster and resource kind (filtered by the managed-by label) instead of
 * listing on every pass. Objects are indexed by application and environment,
 * and every change is reported so drift and rollouts are seen as they happen.
 *
 * A watch that breaks (the cluster went away) is dropped together with what
 * it cached, so the environments it served are compared again and, while the
 * cluster stays unreachable, report `Unknown` with the reason instead of
 * the last state seen. It is restarted with back-off.
 */
export class LiveStateCache {
  private readonly watches = new Map<string, Map<string, KindWatch>>();
  private readonly objects = new Map<
    string,
    Map<string, Map<string, KubernetesObject>>
  >();
  /** Per cluster, who owns each watched object, by its identity. */
  private readonly owners = new Map<
    string,
    Map<string, { owner: TrackedOwner; type: string }>
  >();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly clients: ClusterClients,
    private readonly logger: LoggerService,
    private readonly onChange: (change: LiveChange) => void,
  ) {}

  /**
   * Starts watching the given kinds in a cluster, if not yet watched, and
   * resolves once each has listed its objects. Rejects when the cluster
   * cannot be listed or watched.
   */
  async ensureWatching(
    cluster: string,
    types: ReadonlyArray<{ apiVersion: string; kind: string }>,
  ): Promise<void> {
    if (this.stopped) {
      throw new Error('The live state cache has stopped');
    }
    const client = await this.clients.get(cluster);
    let kinds = this.watches.get(cluster);
    if (!kinds) {
      kinds = new Map();
      this.watches.set(cluster, kinds);
    }
    const waits: Array<Promise<void>> = [];
    for (const type of types) {
      const key = typeKey(type);
      let watch = kinds.get(key);
      if (!watch) {
        // Registered before anything is awaited, so concurrent callers
        // share one watch per kind instead of starting one each.
        watch = this.startWatch(cluster, client, type);
        kinds.set(key, watch);
      }
      waits.push(watch.ready);
    }
    await Promise.all(waits);
  }

  /** The kinds watched in a cluster now. */
  watchedKinds(cluster: string): Array<{ apiVersion: string; kind: string }> {
    return [...(this.watches.get(cluster)?.values() ?? [])]
      .filter(watch => watch.state === 'watching')
      .map(watch => watch.type);
  }

  /** The live objects of an application in an environment of a cluster. */
  objectsOf(
    cluster: string,
    application: string,
    environment: string,
  ): KubernetesObject[] {
    const owned = this.objects
      .get(cluster)
      ?.get(ownerKey(application, environment));
    return owned ? [...owned.values()] : [];
  }

  /**
   * Which application's tracking labels an object carries, if a watch of
   * its kind has seen it, so no application takes over another's objects.
   */
  ownerOf(
    cluster: string,
    identity: ResourceIdentity,
  ): TrackedOwner | undefined {
    return this.owners.get(cluster)?.get(formatIdentity(identity))?.owner;
  }

  /** How many objects the cache holds, for benchmarks. */
  get size(): number {
    let count = 0;
    for (const owners of this.objects.values()) {
      for (const owned of owners.values()) {
        count += owned.size;
      }
    }
    return count;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.restarts) {
      clearTimeout(timer);
    }
    this.restarts.clear();
    const all = [...this.watches.values()].flatMap(kinds => [
      ...kinds.values(),
    ]);
    this.watches.clear();
    await Promise.all(all.map(watch => watch.informer?.stop().catch(() => {})));
  }

  private startWatch(
    cluster: string,
    client: Awaited<ReturnType<ClusterClients['get']>>,
    type: { apiVersion: string; kind: string },
  ): KindWatch {
    const watch: KindWatch = {
      type,
      state: 'starting',
      ready: Promise.resolve(),
    };
    watch.ready = this.runWatch(cluster, client, watch);
    watch.ready.catch(() => {
      // A kind that could not be listed is tried afresh by the next caller.
      watch.state = 'failed';
      this.forget(cluster, watch);
      watch.informer?.stop().catch(() => {});
    });
    return watch;
  }

  private async runWatch(
    cluster: string,
    client: Awaited<ReturnType<ClusterClients['get']>>,
    watch: KindWatch,
  ): Promise<void> {
    const { type } = watch;
    const resource = await client.discovery.resourceFor(
      type.apiVersion,
      type.kind,
    );
    if (!resource) {
      // The kind is not served (yet): applying it will report why.
      this.forget(cluster, watch);
      return;
    }
    const root = type.apiVersion.includes('/') ? '/apis' : '/api';
    const path = `${root}/${type.apiVersion}/${resource.plural}`;
    const list = async () => {
      const result = (await client.objects.list(
        type.apiVersion,
        type.kind,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        MANAGED_SELECTOR,
      )) as KubernetesListObject<ClientObject>;
      // List items omit their apiVersion and kind.
      result.items = result.items.map(item => ({
        ...item,
        apiVersion: type.apiVersion,
        kind: type.kind,
      }));
      return result;
    };
    const informer = makeInformer(
      client.kubeConfig,
      path,
      list,
      MANAGED_SELECTOR,
    );
    watch.informer = informer;
    // A dropped watch's late events must not bring back what it dropped.
    const record = (object: ClientObject) => {
      if (watch.state !== 'failed') {
        this.put(cluster, type, object);
      }
    };
    informer.on(ADD, record);
    informer.on(UPDATE, record);
    informer.on(DELETE, object => {
      if (watch.state !== 'failed') {
        this.remove(cluster, type, object);
      }
    });
    informer.on(CHANGE, () => undefined);
    // client-node reports a failed list or watch as an ERROR event and
    // resolves start() all the same, so failures are collected here.
    let startError: unknown;
    informer.on(ERROR, error => {
      if (this.stopped || watch.state === 'failed') {
        return;
      }
      if (watch.state === 'starting') {
        startError ??= error;
        return;
      }
      this.fail(cluster, watch, error);
    });
    await informer.start();
    if (startError) {
      throw startError;
    }
    watch.state = 'watching';
  }

  /**
   * A running watch broke: what it cached may be stale from now on, so it is
   * dropped, its environments are told to compare again (and find the
   * cluster unreachable), and the watch is restarted with back-off.
   */
  private fail(cluster: string, watch: KindWatch, error: unknown) {
    watch.state = 'failed';
    this.forget(cluster, watch);
    watch.informer?.stop().catch(() => {});
    this.logger.warn(
      `Watch of ${watch.type.kind} in cluster ${cluster} failed, restarting: ${error}`,
    );
    const prefix = `${typeKey(watch.type)}/`;
    const index = this.owners.get(cluster);
    for (const [id, entry] of index ?? []) {
      if (entry.type === typeKey(watch.type)) {
        index!.delete(id);
      }
    }
    for (const [key, owned] of this.objects.get(cluster) ?? []) {
      let dropped = false;
      for (const objectId of [...owned.keys()]) {
        if (objectId.startsWith(prefix)) {
          owned.delete(objectId);
          dropped = true;
        }
      }
      if (dropped) {
        const [application, environment] = key.split('\0');
        this.onChange({ cluster, application, environment });
      }
    }
    this.restart(cluster, watch.type, 0);
  }

  private restart(
    cluster: string,
    type: { apiVersion: string; kind: string },
    attempt: number,
  ) {
    if (this.stopped) {
      return;
    }
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      // A successful restart lists the objects again, and their events
      // bring the environments back from Unknown.
      this.ensureWatching(cluster, [type]).catch(() =>
        this.restart(cluster, type, attempt + 1),
      );
    }, Math.min(RESTART_DELAY_MS * 2 ** attempt, MAX_RESTART_DELAY_MS));
    this.restarts.add(timer);
  }

  private forget(cluster: string, watch: KindWatch) {
    const kinds = this.watches.get(cluster);
    const key = typeKey(watch.type);
    if (kinds?.get(key) === watch) {
      kinds.delete(key);
    }
  }

  private put(
    cluster: string,
    type: { apiVersion: string; kind: string },
    object: ClientObject,
  ) {
    const plain = (
      object.apiVersion && object.kind
        ? object
        : { ...object, apiVersion: type.apiVersion, kind: type.kind }
    ) as KubernetesObject;
    const owner = trackedOwnerOf(plain);
    if (!owner || isClusterGenerated(plain)) {
      return;
    }
    trimForCache(plain);
    let owners = this.objects.get(cluster);
    if (!owners) {
      owners = new Map();
      this.objects.set(cluster, owners);
    }
    let index = this.owners.get(cluster);
    if (!index) {
      index = new Map();
      this.owners.set(cluster, index);
    }
    const id = formatIdentity(identityOf(plain));
    const previous = index.get(id)?.owner;
    index.set(id, { owner, type: typeKey(type) });
    if (
      previous &&
      (previous.application !== owner.application ||
        previous.environment !== owner.environment)
    ) {
      // Relabelled: it no longer belongs to the environment it was listed under.
      owners
        .get(ownerKey(previous.application, previous.environment))
        ?.delete(objectKey(type, plain));
      this.onChange({ cluster, ...previous });
    }
    const key = ownerKey(owner.application, owner.environment);
    let owned = owners.get(key);
    if (!owned) {
      owned = new Map();
      owners.set(key, owned);
    }
    owned.set(objectKey(type, plain), plain);
    this.onChange({ cluster, ...owner });
  }

  private remove(
    cluster: string,
    type: { apiVersion: string; kind: string },
    object: ClientObject,
  ) {
    const plain = object as KubernetesObject;
    const owner = trackedOwnerOf(plain);
    if (!owner) {
      return;
    }
    this.owners.get(cluster)?.delete(formatIdentity(identityOf(plain)));
    const owned = this.objects
      .get(cluster)
      ?.get(ownerKey(owner.application, owner.environment));
    if (owned?.delete(objectKey(type, plain))) {
      this.onChange({ cluster, ...owner });
    }
  }
}

/**
 * Drops what neither the comparison nor health reads and what makes up much
 * of a live object's size: the managed fields (a map of every field the
 * object has, per manager) and kubectl's copy of the last applied manifest.
 * The object is the informer's own, so its cache is trimmed with ours; a
 * fresh read of the cluster still gives everything.
 */
function trimForCache(object: KubernetesObject) {
  const metadata = object.metadata;
  delete metadata.managedFields;
  if (metadata.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) {
    const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...annotations } =
      metadata.annotations;
    metadata.annotations = annotations;
  }
}

function objectKey(
  type: { apiVersion: string; kind: string },
  object: KubernetesObject,
): string {
  return `${typeKey(type)}/${object.metadata.namespace ?? ''}/${
    object.metadata.name
  }`;
}
