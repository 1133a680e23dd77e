/**
 * Whether the cluster matches Git: `Unknown` until the engine has compared
 * the desired state with the live state.
 *
 * @public
 */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** @public */
export const SYNC_STATUSES: readonly SyncStatus[] = [
  'Synced',
  'OutOfSync',
  'Unknown',
];

/**
 * Health of a resource or an application, in Argo CD's vocabulary.
 *
 * @public
 */
export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/**
 * Health states from best to worst: an application's health is the worst of
 * its resources' health.
 *
 * @public
 */
export const HEALTH_STATUSES_BEST_FIRST: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Unknown',
  'Degraded',
];

/**
 * The worst of several health states (`Healthy` for none).
 *
 * @public
 */
export function worstHealth(states: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'Healthy';
  for (const state of states) {
    if (
      HEALTH_STATUSES_BEST_FIRST.indexOf(state) >
      HEALTH_STATUSES_BEST_FIRST.indexOf(worst)
    ) {
      worst = state;
    }
  }
  return worst;
}

/** @public */
export type OperationKind = 'deploy' | 'promote' | 'rollback' | 'sync';

/** @public */
export type OperationState = 'queued' | 'running' | 'succeeded' | 'failed';
