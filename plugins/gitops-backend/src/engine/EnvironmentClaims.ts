import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { LockStore } from '../database/LockStore';

/** One application in one environment, as replicas divide the work. */
export interface ClaimedEnvironment {
  entityRef: string;
  environment: string;
}

/**
 * Which replica acts on an environment. The engine decides, syncs and
 * stores the outcome only under the environment's claim, so two replicas
 * never sync the same revision twice.
 */
export interface EnvironmentClaims {
  /**
   * Runs `work` only if no other replica (or run) holds the environment's
   * claim; undefined when another holds it.
   */
  withClaim<T>(
    environment: ClaimedEnvironment,
    work: () => Promise<T>,
  ): Promise<T | undefined>;
}

/**
 * The engine's claim on an environment lives in the lock table under this
 * prefix, so it never blocks deploy, promote or rollback, which take the
 * operation lock of the plain entity ref.
 */
export const CLAIM_PREFIX = 'slipway-engine:';
export const CLAIM_HEARTBEAT_MS = 5_000;
export const CLAIM_STALE_MS = 30_000;

/** Options of {@link LockTableClaims}. */
export interface LockTableClaimsOptions {
  locks: LockStore;
  /** Identifies this replica in the lock table. */
  owner: string;
  logger: LoggerService;
}

/**
 * Claims as rows in the lock table beside the operation locks, kept alive by
 * heartbeats: a replica that dies mid-way leaves a claim the others take
 * over once it is stale.
 */
export class LockTableClaims implements EnvironmentClaims {
  constructor(private readonly options: LockTableClaimsOptions) {}

  async withClaim<T>(
    environment: ClaimedEnvironment,
    work: () => Promise<T>,
  ): Promise<T | undefined> {
    const { locks, owner, logger } = this.options;
    const key = {
      entityRef: `${CLAIM_PREFIX}${environment.entityRef}`,
      environment: environment.environment,
    };
    const claimId = randomUUID();
    const acquired = await locks.tryAcquire(
      key,
      { operationId: claimId, owner },
      new Date(Date.now() - CLAIM_STALE_MS),
    );
    if (!acquired) {
      return undefined;
    }
    const heartbeat = setInterval(() => {
      locks
        .heartbeat(key, claimId)
        .catch(error =>
          logger.warn(
            `Could not refresh the engine claim on ${environment.entityRef} in ${environment.environment}: ${error}`,
          ),
        );
    }, CLAIM_HEARTBEAT_MS);
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
      await locks.release(key, claimId);
    }
  }
}
