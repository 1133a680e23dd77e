import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationCatalog,
  describeConflict,
  GitOpsApplication,
  LocationOwnership,
} from '../applications';
import { RepositoryCache } from '../git';
import { EngineMetrics } from './EngineMetrics';
import { EnvironmentReconciler } from './EnvironmentReconciler';
import { KnownApplications } from './KnownApplications';
import { ReconcileTrigger } from './ReconcileTrigger';
import { runWithConcurrency } from './runWithConcurrency';
import { StatusWriter } from './StatusWriter';

/** What one pass over every application did, for logs and benchmarks. */
export interface PassSummary {
  applications: number;
  environments: number;
  failed: number;
  synced: number;
  invalidEntities: number;
  durationMs: number;
}

/** What reconciling one application's environments came to. */
export interface ApplicationReconcileCounts {
  environments: number;
  failed: number;
  synced: number;
}

/** Options of {@link PassRunner}. */
export interface PassRunnerOptions {
  applications: Pick<ApplicationCatalog, 'listApplications'>;
  repositories: Pick<RepositoryCache, 'lsRemote'>;
  /**
   * One owner per config location: an application sharing its location
   * with another is neither compared nor synced (see LocationOwnership).
   */
  ownership?: Pick<LocationOwnership, 'update' | 'conflictsOf'>;
  known: Pick<KnownApplications, 'remember' | 'rememberHead'>;
  reconciler: Pick<EnvironmentReconciler, 'reconcile'>;
  status: Pick<StatusWriter, 'recordFailure'>;
  logger: LoggerService;
  /** Applications reconciled at once. */
  concurrency: number;
  metrics?: Pick<EngineMetrics, 'recordPass'>;
}

/**
 * Passes over applications: every one in the catalog on a schedule, or one
 * at a time (after a webhook or a change Slipway made). An application's
 * branch head is read once for all its environments.
 */
export class PassRunner {
  constructor(private readonly options: PassRunnerOptions) {}

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
    this.options.known.remember(applications);
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
  ): Promise<ApplicationReconcileCounts> {
    this.options.known.remember([application]);
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
      this.options.known.rememberHead(application.entityRef, revision);
    } catch (error) {
      return this.failEveryEnvironment(application, error);
    }
    const results = await Promise.all(
      application.environments.map(env =>
        this.options.reconciler.reconcile(application, env, trigger, revision),
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
  ): Promise<ApplicationReconcileCounts> {
    await Promise.all(
      application.environments.map(env =>
        this.options.status.recordFailure(application, env, error),
      ),
    );
    return {
      environments: application.environments.length,
      failed: application.environments.length,
      synced: 0,
    };
  }
}
