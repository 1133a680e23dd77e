import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  ApplicationEnvironment,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import {
  ApplicationCatalog,
  GitOpsApplication,
  LocationOwnership,
} from '../applications';
import { LockStore } from '../database/LockStore';
import { StatusStore } from '../database/StatusStore';
import { RepositoryCache } from '../git';
import { OperationRunner } from '../operations/OperationRunner';
import { RenderCache } from '../render';
import type { PullEngines } from '../pull/PullEngines';
import { ClusterAgent } from './ClusterAgent';
import { DesiredStateReader } from './DesiredState';
import { EngineMetrics } from './EngineMetrics';
import { LockTableClaims } from './EnvironmentClaims';
import {
  EnvironmentReconciler,
  ManualSyncOptions,
  ManualSyncResult,
  ReconcileOutcome,
} from './EnvironmentReconciler';
import { KnownApplications } from './KnownApplications';
import { LiveChange } from './LiveStateCache';
import {
  ApplicationReconcileCounts,
  PassRunner,
  PassSummary,
} from './PassRunner';
import { PulledEnvironments } from './PulledEnvironments';
import { ReconcileTimers } from './ReconcileTimers';
import { ReconcileTrigger } from './ReconcileTrigger';
import { StatusWriter } from './StatusWriter';
import { SyncOperations } from './SyncOperations';

export { ENGINE_ACTOR } from './EnvironmentReconciler';
export type { PassSummary } from './PassRunner';
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

/**
 * The sync engine: for every application and environment it reads the
 * desired state from Git (cheaply: `ls-remote`, then cached renders),
 * compares it with the live state the watches keep, stores sync status,
 * health and drift, and syncs automated environments on every new revision
 * (and on drift, with self-heal), with bounded retries. One slow cluster or
 * repository only delays its own applications.
 *
 * It puts together the parts that do this: the {@link PassRunner} over
 * applications, the {@link EnvironmentReconciler} of one environment under
 * the replicas' {@link LockTableClaims}, the {@link ReconcileTimers} that
 * follow watch events and retries, and the {@link StatusWriter}.
 */
export class SyncEngine {
  private readonly known = new KnownApplications();
  private readonly pulled: PulledEnvironments;
  private readonly timers: ReconcileTimers;
  private readonly reconciler: EnvironmentReconciler;
  private readonly passes: PassRunner;

  constructor(private readonly options: SyncEngineOptions) {
    const { repositories, logger } = options;
    const now = options.now ?? (() => new Date());
    const status = new StatusWriter({
      statusStore: options.statusStore,
      logger,
      metrics: options.metrics,
      onStatusChanged: options.onStatusChanged,
      now,
    });
    const desired = new DesiredStateReader({
      repositories,
      renderCache: options.renderCache,
    });
    this.pulled = new PulledEnvironments({
      pull: options.pull,
      runner: options.runner,
      healthChecks: options.healthChecks,
      logger,
      onOperation: options.onOperation,
      host: {
        headOf: async (application, known) =>
          known ??
          this.known.headOf(application.entityRef) ??
          (
            await repositories.lsRemote(
              application.configRepo.url,
              application.configRepo.branch,
            )
          ).revision,
        render: (application, environment, revision) =>
          desired.read(application, environment, revision),
        previous: (application, environment) =>
          status.previous(application, environment),
        save: (observation, previous) => status.save(observation, previous),
        recordFailure: (application, environment, error) =>
          status.recordFailure(application, environment, error),
        now,
      },
    });
    // The timers reconcile through the reconciler, which schedules retries
    // on the timers: the timers are made first and reach it when they fire.
    this.timers = new ReconcileTimers({
      known: this.known,
      reconcile: (application, environment, trigger) =>
        this.reconciler.reconcile(application, environment, trigger),
      logger,
      watchDebounceMs: options.watchDebounceMs,
    });
    this.reconciler = new EnvironmentReconciler({
      repositories,
      known: this.known,
      desired,
      agent: options.agent,
      runner: options.runner,
      syncs: new SyncOperations({
        runner: options.runner,
        agent: options.agent,
        metrics: options.metrics,
        onOperation: options.onOperation,
      }),
      claims: new LockTableClaims({
        locks: options.locks,
        owner: options.owner ?? `sync-engine-${randomUUID()}`,
        logger,
      }),
      status,
      pulled: this.pulled,
      retries: this.timers,
      healthChecks: options.healthChecks,
      logger,
      now,
    });
    this.passes = new PassRunner({
      applications: options.applications,
      repositories,
      ownership: options.ownership,
      known: this.known,
      reconciler: this.reconciler,
      status,
      logger,
      concurrency: options.concurrency,
      metrics: options.metrics,
    });
  }

  /** The applications seen by the last pass, for webhook matching. */
  get applications(): GitOpsApplication[] {
    return this.known.all();
  }

  /** One pass over every application in the catalog. */
  reconcileAll(trigger: ReconcileTrigger = 'schedule'): Promise<PassSummary> {
    return this.passes.reconcileAll(trigger);
  }

  /** Reconciles one application's environments, see {@link PassRunner}. */
  reconcileApplication(
    application: GitOpsApplication,
    trigger: ReconcileTrigger,
    heads?: Map<string, Promise<string>>,
  ): Promise<ApplicationReconcileCounts> {
    return this.passes.reconcileApplication(application, trigger, heads);
  }

  /** Reconciles one environment, see {@link EnvironmentReconciler}. */
  reconcileEnvironment(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    revision?: string,
  ): Promise<ReconcileOutcome> {
    return this.reconciler.reconcile(
      application,
      environment,
      trigger,
      revision,
    );
  }

  /**
   * A sync asked for through the API (see {@link EnvironmentReconciler}),
   * refused while another application claims the same config location.
   */
  async syncNow(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    options: ManualSyncOptions,
    actor: string,
  ): Promise<ManualSyncResult> {
    await this.options.ownership?.assertSoleOwner(application);
    return this.reconciler.syncNow(application, environment, options, actor);
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
    await this.reconciler.idle();
  }
}
