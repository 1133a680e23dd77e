import { EnvironmentObservation } from '../database/StatusStore';

/**
 * Whether anything the Deployments tab shows differs between two
 * observations of an environment (its signal is sent only then). An absent
 * drift count reads as 0, as the database gives it back.
 */
export function changedForViewers(
  before: EnvironmentObservation,
  after: EnvironmentObservation,
): boolean {
  return (
    before.revision !== after.revision ||
    before.version !== after.version ||
    before.liveVersion !== after.liveVersion ||
    before.syncStatus !== after.syncStatus ||
    before.health !== after.health ||
    (before.driftCount ?? 0) !== (after.driftCount ?? 0) ||
    before.message !== after.message
  );
}
