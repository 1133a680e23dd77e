import { SyncStatus } from '@slipway/plugin-gitops-common';
import { EnvironmentConfig } from '@slipway/plugin-gitops-node';

/** The automated sync's memory of an environment, as stored. */
export interface AutoSyncMemory {
  lastSyncedRevision?: string;
  failedRevision?: string;
  syncFailures?: number;
  nextRetryAt?: Date;
}

/** Why the engine syncs by itself, or why it does not. */
export type AutoSyncDecision =
  | { sync: true; trigger: 'new-revision' | 'self-heal' | 'retry' }
  | { sync: false; reason: string };

/** Attempts per revision before the engine stops retrying it by itself. */
export const MAX_AUTOMATED_ATTEMPTS = 5;

/**
 * Back-off between automated attempts at a failing revision: 5 s, doubling,
 * at most 3 minutes.
 */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 180_000);
}

/**
 * Whether an environment syncs by itself now (pure): automated environments
 * sync every new revision that changes what they should run; with self-heal
 * they also re-apply on drift. A
 * failing revision is retried with back-off, at most
 * {@link MAX_AUTOMATED_ATTEMPTS} times; a new revision starts afresh.
 */
export function decideAutoSync(input: {
  sync: EnvironmentConfig['sync'];
  revision: string;
  syncStatus: SyncStatus;
  memory: AutoSyncMemory;
  now: Date;
}): AutoSyncDecision {
  const { sync, revision, syncStatus, memory, now } = input;
  if (!sync.automated) {
    return { sync: false, reason: 'automated sync is off' };
  }
  const failing = memory.failedRevision === revision;
  if (failing && (memory.syncFailures ?? 0) >= MAX_AUTOMATED_ATTEMPTS) {
    return {
      sync: false,
      reason: `automated sync of ${revision.slice(0, 7)} failed ${
        memory.syncFailures
      } times; sync by hand or push a fix`,
    };
  }
  if (failing && memory.nextRetryAt && memory.nextRetryAt > now) {
    return {
      sync: false,
      reason: `retrying ${revision.slice(
        0,
        7,
      )} after ${memory.nextRetryAt.toISOString()}`,
    };
  }
  if (failing) {
    return { sync: true, trigger: 'retry' };
  }
  // A new revision that leaves this environment's manifests as they are
  // (another application's commit in a shared repository) needs no sync.
  if (memory.lastSyncedRevision !== revision && syncStatus === 'OutOfSync') {
    return { sync: true, trigger: 'new-revision' };
  }
  if (syncStatus === 'OutOfSync' && sync.selfHeal) {
    return { sync: true, trigger: 'self-heal' };
  }
  return {
    sync: false,
    reason:
      syncStatus === 'OutOfSync'
        ? 'drift is reported, not healed (selfHeal is off)'
        : 'in sync',
  };
}
