import {
  Operation,
  OperationKind,
  OperationState,
  Page,
} from '@slipway/plugin-gitops-common';

/** What is known of an operation when it is recorded. */
export interface NewOperation {
  entityRef: string;
  environment: string;
  kind: OperationKind;
  actor: string;
  sourceEnvironment?: string;
  fromVersion?: string;
  toVersion?: string;
  targetRevision?: string;
}

/** Fields an operation gains as it runs. */
export interface OperationUpdate {
  state?: OperationState;
  fromVersion?: string;
  toVersion?: string;
  revision?: string;
  branch?: string;
  pullRequestUrl?: string;
  message?: string;
  startedAt?: Date;
  finishedAt?: Date;
}

/** The record of every deploy, promote, rollback and sync. */
export interface OperationStore {
  create(
    operation: NewOperation & { state: OperationState; owner: string },
  ): Promise<Operation>;
  update(id: string, update: OperationUpdate): Promise<Operation>;
  get(id: string): Promise<Operation | undefined>;
  /** Newest first. */
  list(query: {
    entityRef: string;
    environment?: string;
    limit: number;
    offset: number;
  }): Promise<Page<Operation>>;
  /** The operations with these ids, for joining with Git history. */
  getMany(ids: string[]): Promise<Map<string, Operation>>;
  /**
   * The queued or running operations that no live lock protects any more:
   * their backend stopped while they ran. Operations created after
   * `staleBefore` are still waiting for their lock, not abandoned.
   */
  listAbandoned(staleBefore: Date): Promise<Operation[]>;
  /**
   * Records how an abandoned operation ended, unless it ended meanwhile.
   * False when it was no longer queued or running.
   */
  settleAbandoned(
    id: string,
    update: OperationUpdate & { state: 'succeeded' | 'failed' },
  ): Promise<boolean>;
}
