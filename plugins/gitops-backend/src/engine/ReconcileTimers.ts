import { LoggerService } from '@backstage/backend-plugin-api';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { KnownApplications } from './KnownApplications';
import { LiveChange } from './LiveStateCache';
import { ReconcileTrigger } from './ReconcileTrigger';

/** Options of {@link ReconcileTimers}. */
export interface ReconcileTimersOptions {
  known: Pick<KnownApplications, 'all' | 'get' | 'withLabel'>;
  /** Compares one environment again (and syncs it when its policy says so). */
  reconcile: (
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
  ) => Promise<unknown>;
  logger: LoggerService;
  /** How long after a watch event the environment is compared again (ms). */
  watchDebounceMs?: number;
}

/**
 * The reconciles that no pass asks for: soon after a watch reports a change
 * (a burst of events costs one), and when a failed automated sync's
 * back-off ends. After {@link ReconcileTimers.stop} none is started.
 */
export class ReconcileTimers {
  private readonly watchTimers = new Map<string, NodeJS.Timeout>();
  /** Per environment, the re-check due when a failed sync's back-off ends. */
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: ReconcileTimersOptions) {}

  /**
   * An Argo CD Application or Flux object changed in a cluster: compare
   * again, soon, the environments that engine applies from that cluster.
   */
  handleEngineChange(cluster: string, engine: 'argocd' | 'flux'): void {
    if (this.stopped) {
      return;
    }
    for (const application of this.options.known.all()) {
      for (const environment of application.environments) {
        if (
          environment.engine.type === engine &&
          environment.engine.cluster === cluster
        ) {
          this.scheduleWatchReconcile(application, environment);
        }
      }
    }
  }

  /** A tracked object changed in a cluster: compare its environment again soon. */
  handleLiveChange(change: LiveChange): void {
    if (this.stopped) {
      return;
    }
    const application = this.options.known.withLabel(change.application);
    const environment = application?.environments.find(
      env => env.name === change.environment && env.cluster === change.cluster,
    );
    if (!application || !environment) {
      return;
    }
    this.scheduleWatchReconcile(application, environment);
  }

  /**
   * Compares the environment again when a failed automated sync's back-off
   * ends, as Argo CD requeues an application to retry: a transient failure
   * (a dropped connection, an API server restarting) is mended seconds
   * later, not at the next pass, which may be minutes away. Nothing else
   * would bring it back: an object that was never created sends no event.
   */
  scheduleRetry(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    delayMs: number,
  ): void {
    if (this.stopped) {
      return;
    }
    const key = keyOf(application, environment);
    clearTimeout(this.retryTimers.get(key));
    const timer = setTimeout(() => {
      this.retryTimers.delete(key);
      // The catalog may have changed the application since it failed.
      const current = this.options.known.get(application.entityRef);
      const currentEnvironment = current?.environments.find(
        env => env.name === environment.name,
      );
      if (!current || !currentEnvironment) {
        return;
      }
      this.options
        .reconcile(current, currentEnvironment, 'schedule')
        .catch(error =>
          this.options.logger.warn(
            `Retrying ${application.entityRef} in ${environment.name} failed: ${error}`,
          ),
        );
    }, delayMs);
    // A backend that is shutting down does not wait for a retry.
    timer.unref();
    this.retryTimers.set(key, timer);
  }

  /** Cancels every timer and ignores what is reported from now on. */
  stop(): void {
    this.stopped = true;
    for (const timer of [
      ...this.watchTimers.values(),
      ...this.retryTimers.values(),
    ]) {
      clearTimeout(timer);
    }
    this.watchTimers.clear();
    this.retryTimers.clear();
  }

  private scheduleWatchReconcile(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
  ) {
    const key = keyOf(application, environment);
    if (this.watchTimers.has(key)) {
      return;
    }
    this.watchTimers.set(
      key,
      setTimeout(() => {
        this.watchTimers.delete(key);
        this.options
          .reconcile(application, environment, 'watch')
          .catch(error =>
            this.options.logger.warn(
              `Reconciling ${application.entityRef} in ${environment.name} failed: ${error}`,
            ),
          );
      }, this.options.watchDebounceMs ?? 100),
    );
  }
}

function keyOf(
  application: GitOpsApplication,
  environment: ApplicationEnvironment,
): string {
  return `${application.entityRef}\0${environment.name}`;
}
