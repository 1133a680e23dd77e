import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Operation } from '@slipway/plugin-gitops-common';
import { LockStore } from '../database/LockStore';
import {
  NewOperation,
  OperationStore,
  OperationUpdate,
} from '../database/OperationStore';

/** Options of {@link OperationRunner}. */
export interface OperationRunnerOptions {
  operations: OperationStore;
  locks: LockStore;
  logger: LoggerService;
  /** Identifies this backend replica in locks and operation records. */
  owner: string;
  /** How long a request waits for the environment's lock before a 409 (15 s). */
  lockWaitMs?: number;
  /** How often a running operation proves it is alive (5 s). */
  heartbeatMs?: number;
  /** After this long without a heartbeat a lock is abandoned (30 s). */
  staleAfterMs?: number;
}

/**
 * Runs operations one at a time per application and environment: records
 * the operation, takes the environment's lock (waiting a little, so bursts
 * land in turn), keeps the lock alive while the work runs, and records the
 * result. An operation that cannot get the lock is recorded as failed and
 * answered with a 409, so no request is lost silently.
 */
export class OperationRunner {
  private readonly lockWaitMs: number;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly running = new Set<string>();

  constructor(private readonly options: OperationRunnerOptions) {
    this.lockWaitMs = options.lockWaitMs ?? 15_000;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
  }

  async run(
    request: NewOperation,
    work: (operation: Operation) => Promise<OperationUpdate>,
  ): Promise<Operation> {
    const { operations, locks, owner } = this.options;
    const key = {
      entityRef: request.entityRef,
      environment: request.environment,
    };
    const operation = await operations.create({
      ...request,
      state: 'queued',
      owner,
    });

    if (!(await this.acquire(key, operation.id))) {
      const holder = await this.holderOf(key);
      const message = `Another operation${
        holder ? ` (${holder})` : ''
      } is changing ${request.entityRef} in ${
        request.environment
      }; try again when it has finished`;
      await operations.update(operation.id, {
        state: 'failed',
        message,
        finishedAt: new Date(),
      });
      throw new ConflictError(message);
    }

    this.running.add(operation.id);
    const heartbeat = setInterval(() => {
      locks
        .heartbeat(key, operation.id)
        .catch(error =>
          this.options.logger.warn(
            `Could not refresh the lock of operation ${operation.id}: ${error}`,
          ),
        );
    }, this.heartbeatMs);
    try {
      await operations.update(operation.id, {
        state: 'running',
        startedAt: new Date(),
      });
      const update = await work(operation);
      return await operations.update(operation.id, {
        state: 'succeeded',
        finishedAt: new Date(),
        ...update,
      });
    } catch (error) {
      await operations.update(operation.id, {
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
        finishedAt: new Date(),
      });
      throw error;
    } finally {
      clearInterval(heartbeat);
      this.running.delete(operation.id);
      await locks.release(key, operation.id);
    }
  }

  /**
   * The operation changing an application in an environment now, if any. A
   * lock whose holder stopped proving it is alive has no holder: nobody
   * waits for a backend that died.
   */
  async holderOf(key: {
    entityRef: string;
    environment: string;
  }): Promise<string | undefined> {
    return this.options.locks.holder(key, this.staleBefore());
  }

  /** Locks whose heartbeat is older than this are abandoned. */
  staleBefore(): Date {
    return new Date(Date.now() - this.staleAfterMs);
  }

  /** Fails this replica's own running operations, for a graceful shutdown. */
  async failOwnRunning(): Promise<void> {
    await Promise.all(
      [...this.running].map(id =>
        this.options.operations.update(id, {
          state: 'failed',
          message:
            'The backend shut down while this operation ran; check the config repository before retrying',
          finishedAt: new Date(),
        }),
      ),
    );
  }

  private async acquire(
    key: { entityRef: string; environment: string },
    operationId: string,
  ): Promise<boolean> {
    const deadline = Date.now() + this.lockWaitMs;
    let delay = 25;
    for (;;) {
      const acquired = await this.options.locks.tryAcquire(
        key,
        { operationId, owner: this.options.owner },
        this.staleBefore(),
      );
      if (acquired) {
        return true;
      }
      if (Date.now() + delay > deadline) {
        return false;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 500);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
