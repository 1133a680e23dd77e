import { NotFoundError } from '@backstage/errors';
import {
  Operation,
  OperationKind,
  OperationState,
  Page,
} from '@slipway/plugin-gitops-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  NewOperation,
  OperationStore,
  OperationUpdate,
} from './OperationStore';

const OPERATIONS = 'gitops_operations';
const LOCKS = 'gitops_locks';

interface OperationRow {
  id: string;
  entity_ref: string;
  environment: string;
  kind: string;
  state: string;
  actor: string;
  source_environment: string | null;
  from_version: string | null;
  to_version: string | null;
  target_revision: string | null;
  revision: string | null;
  branch: string | null;
  pull_request_url: string | null;
  message: string | null;
  details: string | null;
  owner: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const iso = (value: Date | string | null) =>
  value === null ? undefined : new Date(value).toISOString();

function toOperation(row: OperationRow): Operation {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    kind: row.kind as OperationKind,
    state: row.state as OperationState,
    actor: row.actor,
    sourceEnvironment: row.source_environment ?? undefined,
    fromVersion: row.from_version ?? undefined,
    toVersion: row.to_version ?? undefined,
    targetRevision: row.target_revision ?? undefined,
    revision: row.revision ?? undefined,
    branch: row.branch ?? undefined,
    pullRequestUrl: row.pull_request_url ?? undefined,
    message: row.message ?? undefined,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

/** An {@link OperationStore} on the plugin's knex database. */
export class DatabaseOperationStore implements OperationStore {
  constructor(private readonly db: Knex) {}

  async create(
    operation: NewOperation & { state: OperationState; owner: string },
  ): Promise<Operation> {
    const now = new Date();
    const row: OperationRow = {
      id: randomUUID(),
      entity_ref: operation.entityRef,
      environment: operation.environment,
      kind: operation.kind,
      state: operation.state,
      actor: operation.actor,
      source_environment: operation.sourceEnvironment ?? null,
      from_version: operation.fromVersion ?? null,
      to_version: operation.toVersion ?? null,
      target_revision: operation.targetRevision ?? null,
      revision: null,
      branch: null,
      pull_request_url: null,
      message: null,
      details: null,
      owner: operation.owner,
      created_at: now,
      started_at: operation.state === 'running' ? now : null,
      finished_at: null,
    };
    await this.db<OperationRow>(OPERATIONS).insert(row);
    return toOperation(row);
  }

  async update(id: string, update: OperationUpdate): Promise<Operation> {
    const patch: Partial<OperationRow> = {};
    if (update.state !== undefined) patch.state = update.state;
    if (update.fromVersion !== undefined)
      patch.from_version = update.fromVersion;
    if (update.toVersion !== undefined) patch.to_version = update.toVersion;
    if (update.revision !== undefined) patch.revision = update.revision;
    if (update.branch !== undefined) patch.branch = update.branch;
    if (update.pullRequestUrl !== undefined)
      patch.pull_request_url = update.pullRequestUrl;
    if (update.message !== undefined) patch.message = update.message;
    if (update.startedAt !== undefined) patch.started_at = update.startedAt;
    if (update.finishedAt !== undefined) patch.finished_at = update.finishedAt;
    await this.db<OperationRow>(OPERATIONS).where({ id }).update(patch);
    const updated = await this.get(id);
    if (!updated) {
      throw new NotFoundError(`No operation ${id}`);
    }
    return updated;
  }

  async get(id: string): Promise<Operation | undefined> {
    const row = await this.db<OperationRow>(OPERATIONS).where({ id }).first();
    return row ? toOperation(row) : undefined;
  }

  async getMany(ids: string[]): Promise<Map<string, Operation>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.db<OperationRow>(OPERATIONS).whereIn('id', ids);
    return new Map(rows.map(row => [row.id, toOperation(row)]));
  }

  async list(query: {
    entityRef: string;
    environment?: string;
    limit: number;
    offset: number;
  }): Promise<Page<Operation>> {
    const builder = this.db<OperationRow>(OPERATIONS).where({
      entity_ref: query.entityRef,
    });
    if (query.environment) {
      builder.andWhere({ environment: query.environment });
    }
    // One row more than asked tells whether a next page exists.
    const rows = await builder
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1)
      .offset(query.offset);
    const hasMore = rows.length > query.limit;
    return {
      items: rows.slice(0, query.limit).map(toOperation),
      nextOffset: hasMore ? query.offset + query.limit : undefined,
    };
  }

  async listAbandoned(staleBefore: Date): Promise<Operation[]> {
    const live = this.db(LOCKS)
      .select('operation_id')
      .where('heartbeat_at', '>=', staleBefore);
    // An operation queued moments ago has no lock yet while it waits for
    // one; only those older than the staleness bound can be abandoned.
    const rows = await this.db<OperationRow>(OPERATIONS)
      .whereIn('state', ['queued', 'running'])
      .whereNotIn('id', live)
      .andWhere('created_at', '<', staleBefore)
      .orderBy('created_at');
    return rows.map(toOperation);
  }

  async settleAbandoned(
    id: string,
    update: OperationUpdate & { state: 'succeeded' | 'failed' },
  ): Promise<boolean> {
    const patch: Partial<OperationRow> = {
      state: update.state,
      message: update.message ?? null,
      finished_at: update.finishedAt ?? new Date(),
    };
    if (update.revision !== undefined) patch.revision = update.revision;
    if (update.branch !== undefined) patch.branch = update.branch;
    const changed = await this.db<OperationRow>(OPERATIONS)
      .where({ id })
      .whereIn('state', ['queued', 'running'])
      .update(patch);
    return changed > 0;
  }
}
