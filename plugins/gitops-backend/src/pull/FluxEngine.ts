import { ConflictError } from '@backstage/errors';
import { engineObjectName } from '../applications/readEngineObjectAnnotations';
import { ClusterClients } from '../kubernetes';
import { EngineKind, EngineObjectWatch } from './EngineObjectWatch';
import {
  EngineSyncFailedError,
  EngineSyncTimeoutError,
} from './EngineSyncFailedError';
import { findFluxKustomization } from './findFluxKustomization';
import { FluxGitRepository, FluxKustomization } from './FluxKustomization';
import {
  fluxKustomizationState,
  inventoryEntries,
} from './fluxKustomizationState';
import { parseFluxRevision } from './parseFluxRevision';
import {
  PullEngine,
  PullObservation,
  PullSyncResult,
  PullTarget,
} from './PullEngine';
import { describeEngineObject, patchEngineObject } from './patchEngineObject';
import { waitFor } from './waitFor';

export const FLUX_KUSTOMIZATION: EngineKind = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  plural: 'kustomizations',
  engine: 'Flux',
  type: 'flux',
};

export const FLUX_GIT_REPOSITORY: EngineKind = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  plural: 'gitrepositories',
  engine: 'Flux',
  type: 'flux',
};

/** Flux's own "reconcile now" request, as `flux reconcile` sets it. */
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const DEFAULT_NAMESPACE = 'flux-system';

/**
 * Flux as an environment's engine. Kustomizations and GitRepositories are
 * read from watches; a sync is `flux reconcile kustomization --with-source`:
 * the GitRepository is asked to fetch, then the Kustomization to apply, each
 * by the requestedAt annotation, waiting for the controller to hand back the
 * same token.
 */
export class FluxEngine implements PullEngine {
  constructor(
    private readonly clusters: ClusterClients,
    private readonly watch: EngineObjectWatch,
    private readonly options: { syncTimeoutMs: number; now?: () => Date },
  ) {}

  async observe(target: PullTarget): Promise<PullObservation> {
    const found = await this.find(target);
    if (!found.object) {
      return { message: found.message };
    }
    const { kustomization, source } = found.object;
    return {
      state: fluxKustomizationState(kustomization, source),
      inventory: inventoryEntries(kustomization),
    };
  }

  async refresh(target: PullTarget): Promise<void> {
    const { kustomization, source } = await this.require(target);
    const token = this.token();
    if (source) {
      await this.requestReconcile(target, FLUX_GIT_REPOSITORY, source, token);
    }
    await this.requestReconcile(
      target,
      FLUX_KUSTOMIZATION,
      kustomization,
      token,
    );
  }

  async sync(
    target: PullTarget,
    _options: { prune: boolean; actor: string },
  ): Promise<PullSyncResult> {
    const { kustomization, source } = await this.require(target);
    if (kustomization.spec?.suspend) {
      throw new ConflictError(
        `Kustomization ${describeEngineObject(
          kustomization,
        )} is suspended; resume it first`,
      );
    }
    const timeoutMs = this.options.syncTimeoutMs;
    const token = this.token();
    if (source) {
      await this.requestReconcile(target, FLUX_GIT_REPOSITORY, source, token);
      const fetched = await waitFor(
        async () => {
          const now = (await this.find(target)).object?.source;
          return now?.status?.lastHandledReconcileAt === token
            ? now
            : undefined;
        },
        { timeoutMs },
      );
      if (!fetched) {
        throw new EngineSyncTimeoutError(
          `Flux did not fetch GitRepository ${describeEngineObject(
            source,
          )} within ${Math.round(timeoutMs / 1000)} s`,
        );
      }
    }
    await this.requestReconcile(
      target,
      FLUX_KUSTOMIZATION,
      kustomization,
      token,
    );
    const applied = await waitFor(
      async () => {
        const now = (await this.find(target)).object?.kustomization;
        const ready = now?.status?.conditions?.find(c => c.type === 'Ready');
        const reconciling = now?.status?.conditions?.find(
          c => c.type === 'Reconciling' && c.status === 'True',
        );
        return now?.status?.lastHandledReconcileAt === token &&
          ready &&
          ready.status !== 'Unknown' &&
          !reconciling
          ? { kustomization: now, ready }
          : undefined;
      },
      { timeoutMs },
    );
    if (!applied) {
      throw new EngineSyncTimeoutError(
        `Flux did not finish reconciling Kustomization ${describeEngineObject(
          kustomization,
        )} within ${Math.round(
          timeoutMs / 1000,
        )} s; it goes on, and its status shows the outcome`,
      );
    }
    if (applied.ready.status !== 'True') {
      throw new EngineSyncFailedError(
        `Flux could not reconcile Kustomization ${describeEngineObject(
          kustomization,
        )}: ${applied.ready.message ?? applied.ready.reason ?? 'not ready'}`,
      );
    }
    const revision = parseFluxRevision(
      applied.kustomization.status?.lastAppliedRevision,
    );
    return {
      revision,
      message: `Flux reconciled Kustomization ${describeEngineObject(
        kustomization,
      )}${revision ? ` at ${revision.slice(0, 7)}` : ''}: ${
        applied.ready.message ?? 'ready'
      }`,
    };
  }

  async terminate(): Promise<void> {
    throw new ConflictError(
      'Flux has no operation to terminate: suspend the Kustomization instead',
    );
  }

  async setSuspended(target: PullTarget, suspended: boolean): Promise<void> {
    const { kustomization } = await this.require(target);
    await patchEngineObject(
      this.clusters,
      target.environment.engine.cluster,
      FLUX_KUSTOMIZATION,
      kustomization.metadata,
      {
        spec: { suspend: suspended },
      },
    );
  }

  /** Flux's "reconcile now": `token` comes back in `lastHandledReconcileAt`. */
  private async requestReconcile(
    target: PullTarget,
    kind: EngineKind,
    object: { metadata: { name: string; namespace?: string } },
    token: string,
  ) {
    await patchEngineObject(
      this.clusters,
      target.environment.engine.cluster,
      kind,
      object.metadata,
      { metadata: { annotations: { [REQUESTED_AT]: token } } },
    );
  }

  private token(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private async require(target: PullTarget) {
    const found = await this.find(target);
    if (!found.object) {
      throw new ConflictError(found.message);
    }
    return found.object;
  }

  private async find(target: PullTarget) {
    const { engine } = target.environment;
    const [kustomizations, repositories] = await Promise.all([
      this.watch.list<FluxKustomization>(
        engine.cluster,
        FLUX_KUSTOMIZATION,
        engine.namespace,
      ),
      this.watch.list<FluxGitRepository>(
        engine.cluster,
        FLUX_GIT_REPOSITORY,
        engine.namespace,
      ),
    ]);
    const template = target.application.engineObjects?.fluxKustomization;
    return findFluxKustomization(kustomizations, repositories, {
      location: {
        url: target.application.configRepo.url,
        branch: target.application.configRepo.branch,
        overlayPath: target.environment.overlayPath,
      },
      named: template
        ? engineObjectName(
            template,
            target.environment.name,
            engine.namespace ?? DEFAULT_NAMESPACE,
          )
        : undefined,
      where: `${
        engine.namespace ? `namespace ${engine.namespace}` : 'any namespace'
      } of cluster ${engine.cluster}`,
    });
  }
}
