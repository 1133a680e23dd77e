import {
  EnvironmentEngine,
  FieldDifference,
  HealthStatus,
  ResourceStatus,
  SyncStatus,
} from '@slipway/plugin-gitops-common';

/** A resource as stored: its status and, when it drifted, what differs. */
export interface StoredResource extends ResourceStatus {
  changes?: FieldDifference[];
}

/** What the engine last observed of one application in one environment. */
export interface EnvironmentObservation {
  entityRef: string;
  environment: string;
  revision?: string;
  version?: string;
  image?: string;
  syncStatus: SyncStatus;
  health: HealthStatus;
  message?: string;
  refreshedAt: Date;
  liveVersion?: string;
  /** Resources that differ from Git. */
  driftCount?: number;
  resources?: StoredResource[];
  /** The automated sync's memory: what it applied, what keeps failing, when to try again. */
  lastSyncedRevision?: string;
  failedRevision?: string;
  syncFailures?: number;
  nextRetryAt?: Date;
  /**
   * For environments Argo CD or Flux applies: what the engine said, and
   * whether it syncs by itself (its policy, not the portal's).
   */
  engine?: StoredEngineState;
}

/** An Argo CD or Flux environment's engine as last observed. */
export type StoredEngineState = Omit<EnvironmentEngine, 'type' | 'name'> & {
  automated?: boolean;
};

/** Stored status: written by the engine, read by the API. */
export interface StatusStore {
  /** Records an observation, replacing the previous one for the same pair. */
  saveObservation(observation: EnvironmentObservation): Promise<void>;
  /** Every stored observation of an application, keyed by environment. */
  getObservations(
    entityRef: string,
  ): Promise<Map<string, EnvironmentObservation>>;
}
