import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';

/** The signal channel of one application; the frontend subscribes to it. */
export function statusChannelOf(entityRef: string): string {
  return `gitops:${entityRef}`;
}

/**
 * Tells open Deployments tabs that an environment's status or operations
 * changed, so they refetch at once. The message names only what changed;
 * the data itself is read through the API, with the reader's permissions.
 */
export function publishStatusSignal(
  signals: SignalsService,
  logger: LoggerService,
  change: {
    entityRef: string;
    environment: string;
    type: 'status' | 'operation';
  },
): void {
  signals
    .publish({
      recipients: { type: 'broadcast' },
      channel: statusChannelOf(change.entityRef),
      message: { environment: change.environment, type: change.type },
    })
    .catch(error =>
      logger.debug(`Publishing a status signal failed: ${error}`),
    );
}
