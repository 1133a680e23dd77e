import { apiGroupOf } from '../health/apiGroupOf';
import { ClusterRequestError } from './ClusterRequestError';

/** One resource type a cluster serves, from its discovery documents. */
export interface ServedResource {
  /** `''` for the core group. */
  group: string;
  /** `v1`, `apps/v1`. */
  apiVersion: string;
  kind: string;
  /** The URL segment, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

interface ResourceList {
  resources?: Array<{
    name: string;
    kind: string;
    namespaced: boolean;
    verbs?: string[];
  }>;
}

interface GroupList {
  groups?: Array<{
    name: string;
    preferredVersion?: { groupVersion: string };
    versions?: Array<{ groupVersion: string }>;
  }>;
}

/** How long the list of all served types is trusted; CRDs come and go. */
const SERVED_TTL_MS = 60_000;

/**
 * A cluster's discovery documents, cached: what kinds it serves, their URL
 * names and scope. One per cluster, shared by apply, list and prune, so a
 * sync costs a handful of discovery calls once rather than one per object.
 * A kind missing from a cached group version is looked up again, because a
 * CustomResourceDefinition applied a moment ago serves new kinds.
 */
export class ResourceDiscovery {
  private readonly groupVersions = new Map<
    string,
    Promise<ServedResource[] | undefined>
  >();
  private served?: { at: number; resources: Promise<ServedResource[]> };

  constructor(
    private readonly getJson: (path: string) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The resource type of a kind in an API version, or `undefined` when the
   * cluster does not serve it.
   */
  async resourceFor(
    apiVersion: string,
    kind: string,
  ): Promise<ServedResource | undefined> {
    const cached = await this.resourcesOf(apiVersion);
    const found = cached?.find(resource => resource.kind === kind);
    if (found) {
      return found;
    }
    this.groupVersions.delete(apiVersion);
    const fresh = await this.resourcesOf(apiVersion);
    return fresh?.find(resource => resource.kind === kind);
  }

  /**
   * Every listable top-level type, one version per group (the preferred one),
   * so that an object served under two versions is listed once.
   */
  async servedResources(): Promise<ServedResource[]> {
    if (!this.served || this.now() - this.served.at > SERVED_TTL_MS) {
      const resources = this.loadServed();
      this.served = { at: this.now(), resources };
      resources.catch(() => {
        if (this.served?.resources === resources) {
          this.served = undefined;
        }
      });
    }
    return this.served.resources;
  }

  /** Forgets everything, e.g. after CustomResourceDefinitions changed. */
  invalidate(): void {
    this.groupVersions.clear();
    this.served = undefined;
  }

  private async loadServed(): Promise<ServedResource[]> {
    const [core, groups] = await Promise.all([
      this.getJson('/api') as Promise<{ versions?: string[] }>,
      this.getJson('/apis') as Promise<GroupList>,
    ]);
    const groupVersions = [
      ...(core.versions ?? []).slice(0, 1),
      ...(groups.groups ?? []).flatMap(group => {
        const preferred =
          group.preferredVersion?.groupVersion ??
          group.versions?.[0]?.groupVersion;
        return preferred ? [preferred] : [];
      }),
    ];
    const lists = await Promise.all(
      groupVersions.map(groupVersion => this.resourcesOf(groupVersion)),
    );
    return lists
      .flatMap(list => list ?? [])
      .filter(resource => resource.verbs.includes('list'));
  }

  private resourcesOf(
    apiVersion: string,
  ): Promise<ServedResource[] | undefined> {
    let entry = this.groupVersions.get(apiVersion);
    if (!entry) {
      entry = this.loadGroupVersion(apiVersion);
      this.groupVersions.set(apiVersion, entry);
      // A failed lookup must not stick: the next call asks again.
      entry.catch(() => {
        if (this.groupVersions.get(apiVersion) === entry) {
          this.groupVersions.delete(apiVersion);
        }
      });
    }
    return entry;
  }

  private async loadGroupVersion(
    apiVersion: string,
  ): Promise<ServedResource[] | undefined> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let list: ResourceList;
    try {
      list = (await this.getJson(path)) as ResourceList;
    } catch (error) {
      if (error instanceof ClusterRequestError && error.status?.code === 404) {
        return undefined;
      }
      throw error;
    }
    const group = apiGroupOf(apiVersion);
    return (list.resources ?? [])
      .filter(resource => !resource.name.includes('/'))
      .map(resource => ({
        group,
        apiVersion,
        kind: resource.kind,
        plural: resource.name,
        namespaced: resource.namespaced,
        verbs: resource.verbs ?? [],
      }));
  }
}
