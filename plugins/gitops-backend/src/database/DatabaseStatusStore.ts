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
        },
      ]),
    );
  }
}
