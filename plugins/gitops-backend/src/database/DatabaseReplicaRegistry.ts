import { Knex } from 'knex';
import { ReplicaRegistry } from './ReplicaRegistry';

const REPLICAS = 'gitops_engine_replicas';

interface ReplicaRow {
  replica_id: string;
  heartbeat_at: Date | string;
}

/** A {@link ReplicaRegistry} on the plugin's knex database. */
export class DatabaseReplicaRegistry implements ReplicaRegistry {
  constructor(private readonly db: Knex) {}

  async heartbeat(replicaId: string, at: Date): Promise<void> {
    await this.db<ReplicaRow>(REPLICAS)
      .insert({ replica_id: replicaId, heartbeat_at: at })
      .onConflict('replica_id')
      .merge(['heartbeat_at']);
  }

  async live(staleBefore: Date): Promise<string[]> {
    // Long dead rows go, so the table holds about as many rows as replicas
    // ever run at once; a little slack keeps a replica that was only slow
    // from losing its row between two heartbeats.
    const longDead = new Date(staleBefore.getTime() - 10 * 60 * 1000);
    await this.db<ReplicaRow>(REPLICAS)
      .where('heartbeat_at', '<', longDead)
      .delete();
    const rows = await this.db<ReplicaRow>(REPLICAS)
      .where('heartbeat_at', '>=', staleBefore)
      .orderBy('replica_id')
      .select('replica_id');
    return rows.map(row => row.replica_id);
  }

  async leave(replicaId: string): Promise<void> {
    await this.db<ReplicaRow>(REPLICAS)
      .where({ replica_id: replicaId })
      .delete();
  }
}
