import { LoggerService } from '@backstage/backend-plugin-api';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { EnvironmentObservation, StatusStore } from '../database/StatusStore';
import { changedForViewers } from './changedForViewers';
import { EnvironmentComparison } from './compareEnvironment';
import { AutoSyncMemory } from './decideAutoSync';
import { DesiredState } from './DesiredState';
import { EngineMetrics } from './EngineMetrics';
import { errorMessage } from './errorMessage';
import { isRewriteNeeded } from './isRewriteNeeded';

/** Options of {@link StatusWriter}. */
export interface StatusWriterOptions {
  statusStore: StatusStore;
  logger: LoggerService;
  metrics?: Pick<EngineMetrics, 'recordHealth'>;
  /** Told whenever an environment's stored status changes. */
  onStatusChanged?: (entityRef: string, environment: string) => void;
  now: () => Date;
}

/**
 * Stores what the engine observed of an environment: writes only what the
 * status store needs written, keeps the health metric current, and tells
 * viewers when what they see changed.
 */
export class StatusWriter {
  constructor(private readonly options: StatusWriterOptions) {}

  /** The environment's stored observation, if any. */
  async previous(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
  ): Promise<EnvironmentObservation | undefined> {
    return (
      await this.options.statusStore.getObservations(application.entityRef)
    ).get(environment.name);
  }

  async save(
    observation: EnvironmentObservation,
    previous: EnvironmentObservation | undefined,
  ): Promise<void> {
    if (isRewriteNeeded(previous, observation)) {
      await this.options.statusStore.saveObservation(observation);
    }
    this.options.metrics?.recordHealth(
      observation.entityRef,
      observation.environment,
      observation.health,
    );
    if (!previous || changedForViewers(previous, observation)) {
      this.options.onStatusChanged?.(
        observation.entityRef,
        observation.environment,
      );
    }
  }

  /** Stores a comparison with the automated sync's memory. */
  async saveCompared(
    compared: ComparedEnvironment,
    previous: EnvironmentObservation | undefined,
  ): Promise<void> {
    await this.save(
      comparedObservation(compared, this.options.now()),
      previous,
    );
  }

  /** Records why an environment could not be compared, and logs it. */
  async recordFailure(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    error: unknown,
  ): Promise<void> {
    const message = errorMessage(error);
    this.options.logger.warn(
      `Reconciling ${application.entityRef} in ${environment.name} failed: ${message}`,
    );
    const previous = await this.previous(application, environment);
    await this.save(
      failedObservation({
        application,
        environment,
        previous,
        message,
        refreshedAt: this.options.now(),
      }),
      previous,
    );
  }
}

/** What the engine found when it compared an environment. */
export interface ComparedEnvironment {
  application: GitOpsApplication;
  environment: ApplicationEnvironment;
  desired: Pick<DesiredState, 'revision' | 'version' | 'image'>;
  comparison: EnvironmentComparison;
  /** The automated sync's memory, stored with the comparison. */
  memory: AutoSyncMemory;
  /** Why the environment is not as Git says, when the engine knows. */
  message?: string;
}

/** A comparison, as stored (pure). */
export function comparedObservation(
  compared: ComparedEnvironment,
  refreshedAt: Date,
): EnvironmentObservation {
  const { desired, comparison } = compared;
  return {
    entityRef: compared.application.entityRef,
    environment: compared.environment.name,
    revision: desired.revision,
    version: desired.version,
    image: desired.image,
    syncStatus: comparison.syncStatus,
    health: comparison.health,
    message: compared.message,
    refreshedAt,
    liveVersion: comparison.liveVersion,
    driftCount: comparison.driftCount,
    resources: comparison.resources,
    ...compared.memory,
  };
}

/** An environment that could not be compared, as stored (pure). */
export function failedObservation(input: {
  application: GitOpsApplication;
  environment: ApplicationEnvironment;
  previous: EnvironmentObservation | undefined;
  message: string;
  refreshedAt: Date;
}): EnvironmentObservation {
  const { application, environment, previous } = input;
  // Keep what was last known to be true; the message says why it is stale.
  return {
    ...(previous ?? {
      entityRef: application.entityRef,
      environment: environment.name,
      image: application.image,
    }),
    syncStatus: 'Unknown',
    health: 'Unknown',
    message: input.message,
    refreshedAt: input.refreshedAt,
  };
}
