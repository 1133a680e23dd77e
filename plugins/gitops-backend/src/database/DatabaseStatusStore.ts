import { HealthStatus, SyncStatus } from '@slipway/plugin-gitops-common';
import { Knex } from 'knex';
import { EnvironmentObservation, StatusStore } from './StatusStore';

const TABLE = 'gitops_environment_status';

interface StatusRow {
  entity_ref: string;
  environment: string;
  revision: string | null;
  version: string | null;
  image: string | null;
  sync_status: string;
  health: string;
  message: string | null;
  refreshed_at: Date | string;
  live_version: string | null;
  drift_count: number;
  resources: string | null;
  last_synced_revision: string | null;
  failed_revision: string | null;
  sync_failures: number;
  next_retry_at: Date | string | null;
  engine: string | null;
}

/** A {@link StatusStore} on the plugin's knex database (SQLite or PostgreSQL). */
export class DatabaseStatusStore implements StatusStore {
  constructor(private readonly db: Knex) {}

  async saveObservation(observation: EnvironmentObservation): Promise<void> {
    const row: StatusRow = {
      entity_ref: observation.entityRef,
      environment: observation.environment,
      revision: observation.revision ?? null,
      version: observation.version ?? null,
      image: observation.image ?? null,
      sync_status: observation.syncStatus,
      health: observation.health,
      message: observation.message ?? null,
      refreshed_at: observation.refreshedAt,
      live_version: observation.liveVersion ?? null,
      drift_count: observation.driftCount ?? 0,
      resources: observation.resources
        ? JSON.stringify(observation.resources)
        : null,
      last_synced_revision: observation.lastSyncedRevision ?? null,
      failed_revision: observation.failedRevision ?? null,
      sync_failures: observation.syncFailures ?? 0,
      next_retry_at: observation.nextRetryAt ?? null,
      engine: observation.engine ? JSON.stringify(observation.engine) : null,
    };
    await this.db<StatusRow>(TABLE)
      .insert(row)
      .onConflict(['entity_ref', 'environment'])
      .merge();
  }

  async getObservations(
    entityRef: string,
  ): Promise<Map<string, EnvironmentObservation>> {
    const rows = await this.db<StatusRow>(TABLE).where({
      entity_ref: entityRef,
    });
    return new Map(
      rows.map(row => [
        row.environment,
        {
          entityRef: row.entity_ref,
          environment: row.environment,
          revision: row.revision ?? undefined,
          version: row.version ?? undefined,
          image: row.image ?? undefined,
          syncStatus: row.sync_status as SyncStatus,
          health: row.health as HealthStatus,
          message: row.message ?? undefined,
          refreshedAt: new Date(row.refreshed_at),
          liveVersion: row.live_version ?? undefined,
          driftCount: Number(row.drift_count),
          resources: row.resources ? JSON.parse(row.resources) : undefined,
          lastSyncedRevision: row.last_synced_revision ?? undefined,
          failedRevision: row.failed_revision ?? undefined,
          syncFailures: Number(row.sync_failures),
          nextRetryAt: row.next_retry_at
            ? new Date(row.next_retry_at)
            : undefined,
          engine: row.engine ? JSON.parse(row.engine) : undefined,
        },
      ]),
    );
  }
}
