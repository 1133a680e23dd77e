import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  ApplicationEnvironment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { EnvironmentObservation } from '../database/StatusStore';
import { RepositoryCache } from '../git';
import { OperationRunner } from '../operations/OperationRunner';
import { memoryOf, memoryOfFailed, memoryOfSynced } from './autoSyncMemory';
import { AgentSyncResult, agentTargetOf, ClusterAgent } from './ClusterAgent';
import { CoalescingRunner } from './CoalescingRunner';
import {
  compareEnvironment,
  EnvironmentComparison,
} from './compareEnvironment';
import {
  AutoSyncDecision,
  decideAutoSync,
  retryDelayMs,
} from './decideAutoSync';
import { DesiredState, DesiredStateReader } from './DesiredState';
import { EnvironmentClaims } from './EnvironmentClaims';
import { errorMessage } from './errorMessage';
import { KnownApplications } from './KnownApplications';
import { PulledEnvironments } from './PulledEnvironments';
import { ReconcileTimers } from './ReconcileTimers';
import { ReconcileTrigger } from './ReconcileTrigger';
import { StatusWriter } from './StatusWriter';
import { SyncOperations } from './SyncOperations';

/** The engine's actor in operation records. */
export const ENGINE_ACTOR = 'slipway:sync-engine';

/** What reconciling an environment came to. */
export type ReconcileOutcome = 'ok' | 'synced' | 'failed';

/** How a person asked through the API to sync an environment. */
export interface ManualSyncOptions {
  prune: boolean;
  dryRun?: boolean;
  force?: boolean;
}

/** The operation a sync asked through the API recorded, or a dry run's result. */
export interface ManualSyncResult {
  operation?: Operation;
  dryRun?: AgentSyncResult;
}

/** Options of {@link EnvironmentReconciler}. */
export interface EnvironmentReconcilerOptions {
  repositories: Pick<RepositoryCache, 'lsRemote' | 'resolveBranch'>;
  /** The branch heads last read, for a reconcile that brings none. */
  known: Pick<KnownApplications, 'headOf' | 'rememberHead'>;
  desired: Pick<DesiredStateReader, 'read'>;
  agent: ClusterAgent;
  runner: Pick<OperationRunner, 'holderOf'>;
  syncs: Pick<SyncOperations, 'run'>;
  claims: EnvironmentClaims;
  status: Pick<StatusWriter, 'previous' | 'saveCompared' | 'recordFailure'>;
  /** The environments Argo CD and Flux apply. */
  pulled: Pick<PulledEnvironments, 'reconcile' | 'syncNow'>;
  /** Brings the environment back when a failed sync's back-off ends. */
  retries: Pick<ReconcileTimers, 'scheduleRetry'>;
  healthChecks: readonly ResourceHealthCheck[];
  logger: LoggerService;
  now: () => Date;
}

/**
 * Reconciles one environment: compares the desired state at a revision with
 * the live state, stores the comparison, and syncs an automated environment
 * on a new revision (and on drift, with self-heal), under the environment's
 * claim, with bounded retries.
 */
export class EnvironmentReconciler {
  private readonly perEnvironment = new CoalescingRunner();

  constructor(private readonly options: EnvironmentReconcilerOptions) {}

  /**
   * Compares one environment and syncs it when its policy says so. Runs for
   * an environment never overlap; triggers during a run fold into one more.
   */
  async reconcile(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    revision?: string,
  ): Promise<ReconcileOutcome> {
    let outcome: ReconcileOutcome = 'ok';
    await this.perEnvironment.run(
      `${application.entityRef}\0${environment.name}`,
      async () => {
        outcome = await this.reconcileOnce(
          application,
          environment,
          trigger,
          revision ?? this.options.known.headOf(application.entityRef),
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
    options: ManualSyncOptions,
    actor: string,
  ): Promise<ManualSyncResult> {
    if (environment.engine.type !== 'builtin') {
      return this.options.pulled.syncNow(
        application,
        environment,
        options,
        actor,
      );
    }
    const { url, branch } = application.configRepo;
    const revision = (
      await this.options.repositories.resolveBranch(url, branch)
    ).revision;
    this.options.known.rememberHead(application.entityRef, revision);
    const desired = await this.options.desired.read(
      application,
      environment,
      revision,
    );
    const target = agentTargetOf(application, environment);
    if (options.dryRun) {
      return {
        dryRun: await this.options.agent.sync(target, desired.objects, options),
      };
    }
    const { operation } = await this.options.syncs.run(
      application,
      environment,
      desired,
      options,
      actor,
    );
    await this.reconcile(application, environment, 'manual', revision);
    return { operation };
  }

  /** Resolves once no reconcile runs or waits, e.g. before a shutdown. */
  async idle(): Promise<void> {
    await this.perEnvironment.idle();
  }

  private async reconcileOnce(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    knownRevision: string | undefined,
  ): Promise<ReconcileOutcome> {
    const { agent, status } = this.options;
    if (environment.engine.type !== 'builtin') {
      return this.options.pulled.reconcile(
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
      const desired = await this.options.desired.read(
        application,
        environment,
        revision,
      );
      const target = agentTargetOf(application, environment);
      let previous = await status.previous(application, environment);
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
      const claimed = await this.options.claims.withClaim(
        { entityRef: application.entityRef, environment: environment.name },
        async () => {
          const seen = previous;
          previous = await status.previous(application, environment);
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
      await status.recordFailure(application, environment, error);
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
      now: this.options.now(),
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
    let memory = memoryOf(previous);
    if (comparison.syncStatus === 'Synced' && environment.sync.automated) {
      // The cluster already matches this revision (a commit that did not
      // touch this environment, or a sync by hand): nothing to apply, and
      // later drift is drift, not a new revision to sync.
      memory = memoryOfSynced(desired.revision);
    }
    // Keep telling why the environment is not in sync while retries wait.
    const message =
      memory.failedRevision === desired.revision && 'reason' in decision
        ? `Automated sync failed ${memory.syncFailures} time(s): ${decision.reason}`
        : undefined;
    await this.options.status.saveCompared(
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
  ): Promise<ReconcileOutcome> {
    const { status } = this.options;
    const before = observed.comparison;
    const { revision } = desired;
    const target = agentTargetOf(application, environment);
    let memory = memoryOf(previous);
    const holder = await this.options.runner.holderOf({
      entityRef: application.entityRef,
      environment: environment.name,
    });
    if (holder) {
      await status.saveCompared(
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
    let outcome: ReconcileOutcome = 'ok';
    let message: string | undefined;
    let applied = false;
    let liveAfter: KubernetesObject[] | undefined;
    try {
      const synced = await this.options.syncs.run(
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
      memory = memoryOfSynced(revision);
      outcome = 'synced';
    } catch (error) {
      if (error instanceof ConflictError) {
        message = error.message;
      } else {
        applied = true;
        const failed = memoryOfFailed(memory, revision, this.options.now());
        memory = failed;
        this.options.retries.scheduleRetry(
          application,
          environment,
          retryDelayMs(failed.syncFailures),
        );
        message = `Automated sync failed (attempt ${
          failed.syncFailures
        }): ${errorMessage(error)}`;
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
    await status.saveCompared(
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
}
