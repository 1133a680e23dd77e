import { EnvironmentObservation } from '../database/StatusStore';
import { changedForViewers } from './changedForViewers';

/**
 * How long an unchanged status may go without being written again: its
 * `refreshedAt` (what the tab shows as "checked … ago") is at most this old
 * while watch events keep re-comparing an environment.
 */
export const UNCHANGED_STATUS_WRITE_INTERVAL_MS = 60_000;

/**
 * Whether an observation must be stored, given the one stored before it.
 * Watch events re-compare an environment many times while a rollout goes on
 * (every object's status change), and most of those comparisons find what
 * the last one found; writing each of them again cost the engine more than
 * anything else during an initial sync. Anything that differs — status,
 * message, resources, the automated sync's memory, the engine's words — is
 * written at once; the same status only once the stored one is
 * {@link UNCHANGED_STATUS_WRITE_INTERVAL_MS} old.
 */
export function isRewriteNeeded(
  previous: EnvironmentObservation | undefined,
  next: EnvironmentObservation,
): boolean {
  if (!previous) {
    return true;
  }
  const age = next.refreshedAt.getTime() - previous.refreshedAt.getTime();
  return (
    !(age >= 0 && age < UNCHANGED_STATUS_WRITE_INTERVAL_MS) ||
    changedForViewers(previous, next) ||
    previous.image !== next.image ||
    previous.lastSyncedRevision !== next.lastSyncedRevision ||
    previous.failedRevision !== next.failedRevision ||
    (previous.syncFailures ?? 0) !== (next.syncFailures ?? 0) ||
    previous.nextRetryAt?.getTime() !== next.nextRetryAt?.getTime() ||
    JSON.stringify(previous.resources ?? null) !==
      JSON.stringify(next.resources ?? null) ||
    JSON.stringify(previous.engine ?? null) !==
      JSON.stringify(next.engine ?? null)
  );
}
