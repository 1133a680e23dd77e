import { HealthStatus, SyncStatus } from '@slipway/plugin-gitops-common';

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
}

/** Stored status: written by the engine, read by the API. */
export interface StatusStore {
  /** Records an observation, replacing the previous one for the same pair. */
  saveObservation(observation: EnvironmentObservation): Promise<void>;
  /** Every stored observation of an application, keyed by environment. */
  getObservations(
    entityRef: string,
  ): Promise<Map<string, EnvironmentObservation>>;
}
