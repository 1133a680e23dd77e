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
  APPLICATION_LABEL,
  ClusterClients,
  ENVIRONMENT_LABEL,
  isClusterGenerated,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from '../kubernetes';

/** A tracked object changed in a cluster: which application and environment it belongs to. */
export interface LiveChange {
  cluster: string;
  /** The value of the application tracking label. */
  application: string;
  environment: string;
}

interface KindWatch {
  informer: Informer<ClientObject>;
  ready: Promise<void>;
}

const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;
const RESTART_DELAY_MS = 2_000;

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
 */
export class LiveStateCache {
  private readonly watches = new Map<string, Map<string, KindWatch>>();
  private readonly objects = new Map<
    string,
    Map<string, Map<string, KubernetesObject>>
  >();
  private stopped = false;

  constructor(
    private readonly clients: ClusterClients,
    private readonly logger: LoggerService,
    private readonly onChange: (change: LiveChange) => void,
  ) {}

  /**
   * Starts watching the given kinds in a cluster, if not yet watched, and
   * resolves once each has listed its objects.
   */
  async ensureWatching(
    cluster: string,
    types: ReadonlyArray<{ apiVersion: string; kind: string }>,
  ): Promise<void> {
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
        watch = await this.startWatch(cluster, client, type);
        if (!watch) {
          continue;
        }
        kinds.set(key, watch);
      }
      waits.push(watch.ready);
    }
    await Promise.all(waits);
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
    const all = [...this.watches.values()].flatMap(kinds => [
      ...kinds.values(),
    ]);
    this.watches.clear();
    await Promise.all(all.map(watch => watch.informer.stop().catch(() => {})));
  }

  private async startWatch(
    cluster: string,
    client: Awaited<ReturnType<ClusterClients['get']>>,
    type: { apiVersion: string; kind: string },
  ): Promise<KindWatch | undefined> {
    const resource = await client.discovery.resourceFor(
      type.apiVersion,
      type.kind,
    );
    if (!resource) {
      // The kind is not served (yet): applying it will report why.
      return undefined;
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
    const record = (object: ClientObject) => this.put(cluster, type, object);
    informer.on(ADD, record);
    informer.on(UPDATE, record);
    informer.on(DELETE, object => this.remove(cluster, type, object));
    informer.on(CHANGE, () => undefined);
    informer.on(ERROR, error => {
      if (this.stopped) {
        return;
      }
      this.logger.warn(
        `Watch of ${type.kind} in cluster ${cluster} failed, restarting: ${error}`,
      );
      setTimeout(() => {
        if (!this.stopped) {
          informer.start().catch(() => undefined);
        }
      }, RESTART_DELAY_MS);
    });
    return { informer, ready: informer.start() };
  }

  private put(
    cluster: string,
    type: { apiVersion: string; kind: string },
    object: ClientObject,
  ) {
    const plain = {
      ...object,
      apiVersion: object.apiVersion ?? type.apiVersion,
      kind: object.kind ?? type.kind,
    } as KubernetesObject;
    const owner = ownerOf(plain);
    if (!owner || isClusterGenerated(plain)) {
      return;
    }
    let owners = this.objects.get(cluster);
    if (!owners) {
      owners = new Map();
      this.objects.set(cluster, owners);
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
    const owner = ownerOf(plain);
    if (!owner) {
      return;
    }
    const owned = this.objects
      .get(cluster)
      ?.get(ownerKey(owner.application, owner.environment));
    if (owned?.delete(objectKey(type, plain))) {
      this.onChange({ cluster, ...owner });
    }
  }
}

function ownerOf(
  object: KubernetesObject,
): { application: string; environment: string } | undefined {
  const labels = object.metadata?.labels ?? {};
  const application = labels[APPLICATION_LABEL];
  const environment = labels[ENVIRONMENT_LABEL];
  return application && environment ? { application, environment } : undefined;
}

function objectKey(
  type: { apiVersion: string; kind: string },
  object: KubernetesObject,
): string {
  return `${typeKey(type)}/${object.metadata.namespace ?? ''}/${
    object.metadata.name
  }`;
}
