import { SyncStatus } from '@slipway/plugin-gitops-common';
import { ResourceDiff } from './diffResources';

/**
 * An application's sync status: `Synced` when every resource is, otherwise
 * `OutOfSync` (a missing resource needs an apply, an extra one a prune).
 */
export function syncStatusOf(diffs: readonly ResourceDiff[]): SyncStatus {
  return diffs.every(diff => diff.status === 'Synced') ? 'Synced' : 'OutOfSync';
}
