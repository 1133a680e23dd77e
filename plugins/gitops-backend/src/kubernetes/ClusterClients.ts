import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ClusterSupplier } from '@slipway/plugin-gitops-node';
import { ClusterClient, createClusterClient } from './ClusterClient';
import { ClusterDefinition, clusterDefinitionOf } from './ClusterDefinition';
import { readClusters } from './readClusters';

/** How long the clusters a supplier returned are trusted before asking again. */
const SUPPLIER_TTL_MS = 30_000;

/**
 * The registry of cluster clients: one `KubeConfig`, object API, discovery
 * cache and `Watch` per cluster, created on first use and reused after, so
 * that discovery and connections are not redone for every call. Clusters
 * come from the portal's config and from {@link ClusterSupplier}s; a
 * configured name wins over a supplied one.
 */
export class ClusterClients {
  private readonly clients = new Map<
    string,
    { fingerprint: string; client: ClusterClient }
  >();
  private supplied?: {
    at: number;
    clusters: Promise<{ definitions: ClusterDefinition[]; failures: string[] }>;
  };

  static fromConfig(
    config: Config,
    suppliers: ClusterSupplier[] = [],
  ): ClusterClients {
    return new ClusterClients(readClusters(config), suppliers);
  }

  constructor(
    private readonly configured: ClusterDefinition[],
    private readonly suppliers: ClusterSupplier[] = [],
    private readonly now: () => number = Date.now,
  ) {}

  /** The client of a cluster by name. */
  async get(name: string): Promise<ClusterClient> {
    const definition =
      this.configured.find(cluster => cluster.name === name) ??
      (await this.findSupplied(name));
    if (!definition) {
      const { definitions, failures } = await this.supplyClusters();
      const known = this.known(definitions);
      const failed = failures.length
        ? `; cluster suppliers failed: ${failures.join('; ')}`
        : '';
      throw new NotFoundError(
        `Unknown cluster "${name}"; known clusters: ${
          known.length ? known.join(', ') : 'none'
        }${failed}`,
      );
    }
    const fingerprint = fingerprintOf(definition);
    const cached = this.clients.get(name);
    if (cached && cached.fingerprint === fingerprint) {
      return cached.client;
    }
    const client = createClusterClient(definition);
    this.clients.set(name, { fingerprint, client });
    return client;
  }

  /** The names of every cluster, configured and supplied. */
  async names(): Promise<string[]> {
    const { definitions } = await this.supplyClusters();
    return this.known(definitions);
  }

  private known(supplied: ClusterDefinition[]): string[] {
    return [
      ...new Set([...this.configured, ...supplied].map(c => c.name)),
    ].sort();
  }

  private async findSupplied(
    name: string,
  ): Promise<ClusterDefinition | undefined> {
    if (this.suppliers.length === 0) {
      return undefined;
    }
    let { definitions } = await this.supplyClusters();
    if (!definitions.some(cluster => cluster.name === name)) {
      // A cluster created since the last call: ask the suppliers once more.
      this.supplied = undefined;
      ({ definitions } = await this.supplyClusters());
    }
    return definitions.find(cluster => cluster.name === name);
  }

  private supplyClusters() {
    if (!this.supplied || this.now() - this.supplied.at > SUPPLIER_TTL_MS) {
      this.supplied = { at: this.now(), clusters: this.askSuppliers() };
    }
    return this.supplied.clusters;
  }

  private async askSuppliers() {
    const results = await Promise.allSettled(
      this.suppliers.map(supplier => supplier.getClusters()),
    );
    const definitions: ClusterDefinition[] = [];
    const failures: string[] = [];
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        failures.push(
          `supplier ${index + 1}: ${
            result.reason instanceof Error
              ? result.reason.message
              : String(result.reason)
          }`,
        );
        return;
      }
      for (const cluster of result.value) {
        definitions.push(
          clusterDefinitionOf(cluster, `cluster supplier ${index + 1}`),
        );
      }
    });
    return { definitions, failures };
  }
}

/** What must match for a cached client to serve a definition again. */
function fingerprintOf(definition: ClusterDefinition): string {
  return JSON.stringify([
    definition.url,
    definition.cluster,
    definition.user,
    definition.namespace,
  ]);
}
