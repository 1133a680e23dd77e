/** Why a reconcile runs; recorded on automated syncs. */
export type ReconcileTrigger =
  | 'schedule'
  | 'webhook'
  | 'change'
  | 'watch'
  | 'manual';
