import { EnvironmentObservation } from '../database/StatusStore';
import { AutoSyncMemory, retryDelayMs } from './decideAutoSync';

/** The automated sync's memory, as the environment's last observation stored it. */
export function memoryOf(
  observation: EnvironmentObservation | undefined,
): AutoSyncMemory {
  return {
    lastSyncedRevision: observation?.lastSyncedRevision,
    failedRevision: observation?.failedRevision,
    syncFailures: observation?.syncFailures,
    nextRetryAt: observation?.nextRetryAt,
  };
}

/**
 * The memory once the cluster runs `revision`: no failure is pending any
 * more, and later drift is drift, not a new revision to sync.
 */
export function memoryOfSynced(revision: string): AutoSyncMemory {
  return {
    lastSyncedRevision: revision,
    failedRevision: undefined,
    syncFailures: 0,
    nextRetryAt: undefined,
  };
}

/**
 * The memory after an automated sync of `revision` failed at `now`: one
 * more failure of a revision that failed before, the first of any other,
 * and when its back-off ends.
 */
export function memoryOfFailed(
  memory: AutoSyncMemory,
  revision: string,
  now: Date,
): AutoSyncMemory & { syncFailures: number; nextRetryAt: Date } {
  const failures =
    memory.failedRevision === revision ? (memory.syncFailures ?? 0) + 1 : 1;
  return {
    ...memory,
    failedRevision: revision,
    syncFailures: failures,
    nextRetryAt: new Date(now.getTime() + retryDelayMs(failures)),
  };
}
