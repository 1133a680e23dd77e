import { CustomErrorBase } from '@backstage/errors';
import { AgentSyncResult } from './ClusterAgent';

/** One object a sync could not apply or prune, and why. */
export interface SyncFailure {
  id: string;
  error: string;
  /** The API server's reason (`Conflict`, `Invalid`…) or `OwnedElsewhere`. */
  reason?: string;
}

/**
 * A sync reached the cluster but some objects were refused. The message
 * lists the first failures; `failures` has each with its reason, so the API
 * can answer a field-ownership conflict differently from invalid manifests.
 */
export class SyncFailedError extends CustomErrorBase {
  name = 'SyncFailedError' as const;
  readonly failures: SyncFailure[];

  constructor(result: Pick<AgentSyncResult, 'applied' | 'pruned' | 'errors'>) {
    super(result.errors.slice(0, 3).join('; '));
    this.failures = [
      ...result.applied.flatMap(item =>
        item.error
          ? [{ id: item.id, error: item.error, reason: item.reason }]
          : [],
      ),
      ...result.pruned.flatMap(item =>
        item.action === 'failed'
          ? [{ id: item.id, error: `pruning: ${item.reason}` }]
          : [],
      ),
    ];
  }
}
