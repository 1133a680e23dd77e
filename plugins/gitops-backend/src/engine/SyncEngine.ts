import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  ApplicationEnvironment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import {
  ApplicationCatalog,
  describeConflict,
  GitOpsApplication,
  LocationOwnership,
} from '../applications';
import { LockStore } from '../database/LockStore';
import { SyncFailedError } from './SyncFailedError';
import { EnvironmentObservation, StatusStore } from '../database/StatusStore';
import { RepositoryCache } from '../git';
import { OperationRunner } from '../operations/OperationRunner';
import { RenderCache } from '../render';
import {
  AgentSyncOptions,
  AgentSyncResult,
  AgentTarget,
  ClusterAgent,
} from './ClusterAgent';
import { CoalescingRunner } from './CoalescingRunner';
import {
  compareEnvironment,
  EnvironmentComparison,
} from './compareEnvironment';
import {
  AutoSyncDecision,
  AutoSyncMemory,
  decideAutoSync,
  retryDelayMs,
} from './decideAutoSync';
import { DesiredState, DesiredStateReader } from './DesiredState';
import { EngineMetrics } from './EngineMetrics';
import { EnvironmentClaims, LockTableClaims } from './EnvironmentClaims';
import { errorMessage } from './errorMessage';
import { KnownApplications } from './KnownApplications';
import { LiveChange } from './LiveStateCache';
import { PulledEnvironments } from './PulledEnvironments';
import { ReconcileTimers } from './ReconcileTimers';
import { ReconcileTrigger } from './ReconcileTrigger';
import { runWithConcurrency } from './runWithConcurrency';
import { StatusWriter } from './StatusWriter';
import type { PullEngines } from '../pull/PullEngines';

/** What one pass over every application did, for logs and benchmarks. */
export interface PassSummary {
  applications: number;
  environments: number;
  failed: number;
  synced: number;
  invalidEntities: number;
  durationMs: number;
}

export type { ReconcileTrigger } from './ReconcileTrigger';

/** Options of {@link SyncEngine}. */
export interface SyncEngineOptions {
  applications: ApplicationCatalog;
  repositories: RepositoryCache;
  renderCache: RenderCache;
  statusStore: StatusStore;
  locks: LockStore;
  runner: OperationRunner;
  /**
   * One owner per config location: an application sharing its location
   * with another is neither compared nor synced (see LocationOwnership).
   */
  ownership?: LocationOwnership;
  agent: ClusterAgent;
  /**
   * Argo CD and Flux, for the environments they apply (the pull model);
   * without it such environments are reported as not observable.
   */
  pull?: PullEngines;
  healthChecks: readonly ResourceHealthCheck[];
  logger: LoggerService;
  concurrency: number;
  metrics?: EngineMetrics;
  /** Told whenever an environment's stored status changes. */
  onStatusChanged?: (entityRef: string, environment: string) => void;
  /** Told whenever the engine records a sync operation. */
  onOperation?: (operation: Operation) => void;
  /** Identifies this replica in the engine's claims (a random id by default). */
  owner?: string;
  /** How long after a watch event the environment is compared again (ms). */
  watchDebounceMs?: number;
  now?: () => Date;
}

/** The engine's actor in operation records. */
export const ENGINE_ACTOR = 'slipway:sync-engine';

/**
 * The sync engine: for every application and environment it reads the
 * desired state from Git (cheaply: `ls-remote`, then cached renders),
 * compares it with the live state the watches keep, stores sync status,
 * health and drift, and syncs automated environments on every new revision
 * (and on drift, with self-heal), with bounded retries. One slow cluster or
 * repository only delays its own applications.
 */
export class SyncEngine {
  private readonly perEnvironment = new CoalescingRunner();
  private readonly known = new KnownApplications();
  private readonly timers: ReconcileTimers;
  private readonly now: () => Date;
  private readonly pulled: PulledEnvironments;
  private readonly desired: DesiredStateReader;
  private readonly status: StatusWriter;
  private readonly claims: EnvironmentClaims;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date());
    this.timers = new ReconcileTimers({
      known: this.known,
      reconcile: (application, environment, trigger) =>
        this.reconcileEnvironment(application, environment, trigger),
      logger: options.logger,
      watchDebounceMs: options.watchDebounceMs,
    });
    this.claims = new LockTableClaims({
      locks: options.locks,
      owner: options.owner ?? `sync-engine-${randomUUID()}`,
      logger: options.logger,
    });
    this.status = new StatusWriter({
      statusStore: options.statusStore,
      logger: options.logger,
      metrics: options.metrics,
      onStatusChanged: options.onStatusChanged,
      now: () => this.now(),
    });
    this.desired = new DesiredStateReader({
      repositories: options.repositories,
      renderCache: options.renderCache,
    });
    this.pulled = new PulledEnvironments({
      pull: options.pull,
      runner: options.runner,
      healthChecks: options.healthChecks,
      logger: options.logger,
      onOperation: options.onOperation,
      host: {
        headOf: async (application, known) =>
          known ??
          this.known.headOf(application.entityRef) ??
          (
            await this.options.repositories.lsRemote(
              application.configRepo.url,
              application.configRepo.branch,
            )
          ).revision,
        render: (application, environment, revision) =>
          this.desired.read(application, environment, revision),
        previous: (application, environment) =>
          this.status.previous(application, environment),
        save: (observation, previous) =>
          this.status.save(observation, previous),
        recordFailure: (application, environment, error) =>
          this.status.recordFailure(application, environment, error),
        now: () => this.now(),
      },
    });
  }

  /** The applications seen by the last pass, for webhook matching. */
  get applications(): GitOpsApplication[] {
    return this.known.all();
  }

  /** One pass over every application in the catalog. */
  async reconcileAll(
    trigger: ReconcileTrigger = 'schedule',
  ): Promise<PassSummary> {
    const started = Date.now();
    const { applications, invalid } =
      await this.options.applications.listApplications();
    for (const entity of invalid) {
      this.options.logger.warn(
        `Skipping ${entity.entityRef}: ${entity.message}`,
      );
    }
    this.options.ownership?.update(applications);
    this.known.remember(applications);
    // Many applications share a config repository: within one pass its
    // branch head is asked once, not once per application.
    const heads = new Map<string, Promise<string>>();
    const summary: PassSummary = {
      applications: applications.length,
      environments: 0,
      failed: 0,
      synced: 0,
      invalidEntities: invalid.length,
      durationMs: 0,
    };
    await runWithConcurrency(
      applications,
      this.options.concurrency,
      async app => {
        const result = await this.reconcileApplication(app, trigger, heads);
        summary.environments += result.environments;
        summary.failed += result.failed;
        summary.synced += result.synced;
      },
    );
    summary.durationMs = Date.now() - started;
    this.options.metrics?.recordPass(summary);
    return summary;
  }

  /**
   * Reads the tracked branch's head once (or takes it from `heads`, shared
   * by a pass), then reconciles each environment.
   */
  async reconcileApplication(
    application: GitOpsApplication,
    trigger: ReconcileTrigger,
    heads?: Map<string, Promise<string>>,
  ): Promise<{ environments: number; failed: number; synced: number }> {
    this.known.remember([application]);
    const others =
      (await this.options.ownership?.conflictsOf(application)) ?? [];
    if (others.length > 0) {
      return this.failEveryEnvironment(
        application,
        new Error(describeConflict(application, others)),
      );
    }
    const { url, branch } = application.configRepo;
    let revision: string;
    try {
      const key = `${url}\0${branch ?? ''}`;
      let head = heads?.get(key);
      if (!head) {
        head = this.options.repositories
          .lsRemote(url, branch)
          .then(found => found.revision);
        heads?.set(key, head);
      }
      revision = await head;
      this.known.rememberHead(application.entityRef, revision);
    } catch (error) {
      return this.failEveryEnvironment(application, error);
    }
    const results = await Promise.all(
      application.environments.map(env =>
        this.reconcileEnvironment(application, env, trigger, revision),
      ),
    );
    return {
      environments: results.length,
      failed: results.filter(r => r === 'failed').length,
      synced: results.filter(r => r === 'synced').length,
    };
  }

  /** Records why none of an application's environments can be compared. */
  private async failEveryEnvironment(
    application: GitOpsApplication,
    error: unknown,
  ): Promise<{ environments: number; failed: number; synced: number }> {
    await Promise.all(
      application.environments.map(env =>
        this.status.recordFailure(application, env, error),
      ),
    );
    return {
      environments: application.environments.length,
      failed: application.environments.length,
      synced: 0,
    };
  }

  /**
   * Compares one environment and syncs it when its policy says so. Runs for
   * an environment never overlap; triggers during a run fold into one more.
   */
  async reconcileEnvironment(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    revision?: string,
  ): Promise<'ok' | 'synced' | 'failed'> {
    let outcome: 'ok' | 'synced' | 'failed' = 'ok';
    await this.perEnvironment.run(
      `${application.entityRef}\0${environment.name}`,
      async () => {
        outcome = await this.reconcileOnce(
          application,
          environment,
          trigger,
          revision ?? this.known.headOf(application.entityRef),
        );
      },
    );
    return outcome;
  }

  /**
   * A sync asked for through the API: applies the desired state at the
   * tracked branch's head, prunes when asked, and records an operation
   * (none for a dry run).
   */
  async syncNow(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    options: { prune: boolean; dryRun?: boolean; force?: boolean },
    actor: string,
  ): Promise<{ operation?: Operation; dryRun?: AgentSyncResult }> {
    await this.options.ownership?.assertSoleOwner(application);
    if (environment.engine.type !== 'builtin') {
      return this.pulled.syncNow(application, environment, options, actor);
    }
    const { url, branch } = application.configRepo;
    const revision = (
      await this.options.repositories.resolveBranch(url, branch)
    ).revision;
    this.known.rememberHead(application.entityRef, revision);
    const desired = await this.desired.read(application, environment, revision);
    const target = this.targetOf(application, environment);
    if (options.dryRun) {
      return {
        dryRun: await this.options.agent.sync(target, desired.objects, options),
      };
    }
    const { operation } = await this.runSync(
      application,
      environment,
      desired,
      options,
      actor,
    );
    await this.reconcileEnvironment(
      application,
      environment,
      'manual',
      revision,
    );
    return { operation };
  }

  /** Argo CD: stops the sync operation under way in the environment. */
  async terminate(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
  ): Promise<void> {
    await this.options.ownership?.assertSoleOwner(application);
    await this.pulled.terminate({ application, environment });
    await this.reconcileEnvironment(application, environment, 'watch');
  }

  /** Flux: suspends or resumes the environment's Kustomization. */
  async setSuspended(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    suspended: boolean,
  ): Promise<void> {
    await this.options.ownership?.assertSoleOwner(application);
    await this.pulled.setSuspended({ application, environment }, suspended);
    await this.reconcileEnvironment(application, environment, 'watch');
  }

  /**
   * An Argo CD Application or Flux object changed in a cluster: compare
   * again, soon, the environments that engine applies from that cluster.
   */
  handleEngineChange(cluster: string, engine: 'argocd' | 'flux'): void {
    this.timers.handleEngineChange(cluster, engine);
  }

  /** A tracked object changed in a cluster: compare its environment again soon. */
  handleLiveChange(change: LiveChange): void {
    this.timers.handleLiveChange(change);
  }

  /**
   * Stops reacting to watch events and resolves once the reconciles under
   * way have finished, so nothing writes to the stores after a shutdown.
   */
  async stop(): Promise<void> {
    this.timers.stop();
    await this.perEnvironment.idle();
  }

  private targetOf(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
  ): AgentTarget {
    return {
      cluster: environment.cluster,
      application: application.entityRef,
      environment: environment.name,
      namespace: environment.namespace,
    };
  }

  private async reconcileOnce(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    knownRevision: string | undefined,
  ): Promise<'ok' | 'synced' | 'failed'> {
    const { agent } = this.options;
    if (environment.engine.type !== 'builtin') {
      return this.pulled.reconcile(
        application,
        environment,
        trigger,
        knownRevision,
      );
    }
    try {
      const revision =
        knownRevision ??
        (
          await this.options.repositories.lsRemote(
            application.configRepo.url,
            application.configRepo.branch,
          )
        ).revision;
      const desired = await this.desired.read(
        application,
        environment,
        revision,
      );
      const target = this.targetOf(application, environment);
      let previous = await this.status.previous(application, environment);
      await agent.prepare(target, desired.objects, previous?.resources);
      // A person asked (a refresh, or the check after their sync, which
      // the watch may not have reported yet): answer from the cluster.
      let live = await agent.observe(target, { fresh: trigger === 'manual' });
      let comparison = this.compare(application, environment, desired, live);
      let decision = this.decide(environment, revision, comparison, previous);
      if (decision.sync && decision.trigger === 'self-heal') {
        // The watch can lag behind the cluster (a burst of events, or the
        // engine's own apply not yet reported): heal only drift the cluster
        // itself confirms, so a stale cache never causes a sync.
        live = await agent.observe(target, { fresh: true });
        comparison = this.compare(application, environment, desired, live);
        decision = this.decide(environment, revision, comparison, previous);
      }
      if (!decision.sync) {
        await this.saveComparison(
          application,
          environment,
          desired,
          comparison,
          previous,
          decision,
        );
        this.logReconciled(application, environment, trigger, comparison);
        return 'ok';
      }

      // Deciding, syncing and storing the outcome happen under a claim that
      // spans replicas: without it two replicas that both see a new revision
      // would both sync it (the operation lock only makes them take turns),
      // and one could overwrite the other's memory of what it synced.
      const claimed = await this.claims.withClaim(
        { entityRef: application.entityRef, environment: environment.name },
        async () => {
          const seen = previous;
          previous = await this.status.previous(application, environment);
          if (seen?.refreshedAt.getTime() !== previous?.refreshedAt.getTime()) {
            // Another replica stored an observation since this one compared:
            // its sync may have changed the cluster, and a comparison from
            // before it would pass its work off as drift to heal.
            live = await agent.observe(target, { fresh: true });
            comparison = this.compare(application, environment, desired, live);
          }
          decision = this.decide(environment, revision, comparison, previous);
          if (!decision.sync) {
            await this.saveComparison(
              application,
              environment,
              desired,
              comparison,
              previous,
              decision,
            );
            return 'ok' as const;
          }
          return this.syncAndSave(
            application,
            environment,
            desired,
            { comparison, live },
            previous,
            decision.trigger,
          );
        },
      );
      if (claimed === undefined) {
        // Another replica is syncing this environment and stores the result.
        this.options.logger.debug(
          `Another replica is syncing ${application.entityRef} in ${environment.name}`,
        );
        return 'ok';
      }
      this.logReconciled(application, environment, trigger, comparison);
      return claimed;
    } catch (error) {
      await this.status.recordFailure(application, environment, error);
      return 'failed';
    }
  }

  private logReconciled(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    comparison: EnvironmentComparison,
  ) {
    if (trigger !== 'schedule') {
      this.options.logger.debug(
        `Reconciled ${application.entityRef} in ${environment.name} (${trigger}): ${comparison.syncStatus}, ${comparison.health}`,
      );
    }
  }

  private decide(
    environment: ApplicationEnvironment,
    revision: string,
    comparison: EnvironmentComparison,
    previous: EnvironmentObservation | undefined,
  ): AutoSyncDecision {
    return decideAutoSync({
      sync: environment.sync,
      revision,
      syncStatus: comparison.syncStatus,
      memory: memoryOf(previous),
      now: this.now(),
    });
  }

  /** Stores a comparison the engine did not act on. */
  private async saveComparison(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    desired: DesiredState,
    comparison: EnvironmentComparison,
    previous: EnvironmentObservation | undefined,
    decision: AutoSyncDecision,
  ) {
    const memory = memoryOf(previous);
    if (comparison.syncStatus === 'Synced' && environment.sync.automated) {
      // The cluster already matches this revision (a commit that did not
      // touch this environment, or a sync by hand): nothing to apply, and
      // later drift is drift, not a new revision to sync.
      memory.lastSyncedRevision = desired.revision;
      memory.failedRevision = undefined;
      memory.syncFailures = 0;
      memory.nextRetryAt = undefined;
    }
    // Keep telling why the environment is not in sync while retries wait.
    const message =
      memory.failedRevision === desired.revision && 'reason' in decision
        ? `Automated sync failed ${memory.syncFailures} time(s): ${decision.reason}`
        : undefined;
    await this.status.saveCompared(
      { application, environment, desired, comparison, memory, message },
      previous,
    );
  }

  /**
   * Runs an automated sync and stores what it did, with the retry memory.
   * `observed` is what the decision rested on: the comparison, and the live
   * objects it compared, which the agent may use instead of reading the
   * cluster again.
   */
  private async syncAndSave(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    desired: DesiredState,
    observed: { comparison: EnvironmentComparison; live: KubernetesObject[] },
    previous: EnvironmentObservation | undefined,
    trigger: 'new-revision' | 'self-heal' | 'retry',
  ): Promise<'ok' | 'synced' | 'failed'> {
    const before = observed.comparison;
    const { revision } = desired;
    const target = this.targetOf(application, environment);
    const memory = memoryOf(previous);
    const holder = await this.options.runner.holderOf({
      entityRef: application.entityRef,
      environment: environment.name,
    });
    if (holder) {
      await this.status.saveCompared(
        {
          application,
          environment,
          desired,
          comparison: before,
          memory,
          message: `Waiting for operation ${holder} before syncing`,
        },
        previous,
      );
      return 'ok';
    }
    let outcome: 'ok' | 'synced' | 'failed' = 'ok';
    let message: string | undefined;
    let applied = false;
    let liveAfter: KubernetesObject[] | undefined;
    try {
      const synced = await this.runSync(
        application,
        environment,
        desired,
        {
          prune: environment.sync.prune,
          // Healing drift means taking back the fields someone else changed;
          // without force, server-side apply refuses exactly those.
          force: trigger === 'self-heal',
          live: observed.live,
        },
        ENGINE_ACTOR,
        trigger,
      );
      liveAfter = synced.after;
      applied = true;
      memory.lastSyncedRevision = revision;
      memory.failedRevision = undefined;
      memory.syncFailures = 0;
      memory.nextRetryAt = undefined;
      outcome = 'synced';
    } catch (error) {
      if (error instanceof ConflictError) {
        message = error.message;
      } else {
        applied = true;
        const failures =
          memory.failedRevision === revision
            ? (memory.syncFailures ?? 0) + 1
            : 1;
        memory.failedRevision = revision;
        memory.syncFailures = failures;
        memory.nextRetryAt = new Date(
          this.now().getTime() + retryDelayMs(failures),
        );
        this.timers.scheduleRetry(
          application,
          environment,
          retryDelayMs(failures),
        );
        message = `Automated sync failed (attempt ${failures}): ${errorMessage(
          error,
        )}`;
        outcome = 'failed';
      }
    }
    let after = before;
    if (applied) {
      // The watch has not necessarily reported what was just applied yet;
      // the stored status must show the cluster as the sync left it.
      try {
        after = this.compare(
          application,
          environment,
          desired,
          liveAfter ??
            (await this.options.agent.observe(target, { fresh: true })),
        );
      } catch (error) {
        message =
          message ??
          `Could not read the cluster after syncing: ${errorMessage(error)}`;
      }
    }
    await this.status.saveCompared(
      { application, environment, desired, comparison: after, memory, message },
      previous,
    );
    return outcome;
  }

  private compare(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    desired: DesiredState,
    live: KubernetesObject[],
  ) {
    return compareEnvironment(desired.objects, live, {
      target: {
        application: application.entityRef,
        environment: environment.name,
      },
      defaultNamespace: environment.namespace ?? 'default',
      image: desired.image,
      healthChecks: this.options.healthChecks,
    });
  }

  /**
   * Records and runs one sync; gives the operation and, when the agent
   * knows it, the live state the sync left.
   */
  private async runSync(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    desired: DesiredState,
    options: AgentSyncOptions,
    actor: string,
    reason?: string,
  ): Promise<{ operation: Operation; after?: KubernetesObject[] }> {
    const started = Date.now();
    const target = this.targetOf(application, environment);
    let after: KubernetesObject[] | undefined;
    try {
      const operation = await this.options.runner.run(
        {
          entityRef: application.entityRef,
          environment: environment.name,
          kind: 'sync',
          actor,
          toVersion: desired.version,
        },
        async () => {
          const result = await this.options.agent.sync(
            target,
            desired.objects,
            options,
          );
          if (result.errors.length > 0) {
            throw new SyncFailedError(result);
          }
          after = result.after;
          return {
            revision: desired.revision,
            message: describeSync(result, reason),
          };
        },
      );
      this.options.metrics?.recordSync(
        environment.name,
        'succeeded',
        Date.now() - started,
      );
      this.options.onOperation?.(operation);
      return { operation, after };
    } catch (error) {
      if (!(error instanceof ConflictError)) {
        this.options.metrics?.recordSync(
          environment.name,
          'failed',
          Date.now() - started,
        );
      }
      throw error;
    }
  }
}

function memoryOf(
  observation: EnvironmentObservation | undefined,
): AutoSyncMemory {
  return {
    lastSyncedRevision: observation?.lastSyncedRevision,
    failedRevision: observation?.failedRevision,
    syncFailures: observation?.syncFailures,
    nextRetryAt: observation?.nextRetryAt,
  };
}

function describeSync(result: AgentSyncResult, reason?: string): string {
  const count = (action: string) =>
    result.applied.filter(item => item.action === action).length;
  const pruned = result.pruned.filter(item => item.action === 'deleted').length;
  const parts = [
    `${count('created')} created`,
    `${count('configured')} configured`,
    `${count('unchanged')} unchanged`,
  ];
  if (pruned > 0) {
    parts.push(`${pruned} pruned`);
  }
  const why = reason ? ` (${reason.replace('-', ' ')})` : '';
  return `Synced${why}: ${parts.join(', ')}`;
}
