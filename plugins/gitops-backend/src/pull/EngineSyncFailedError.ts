import { CustomErrorBase } from '@backstage/errors';

/** Argo CD or Flux ran a sync Slipway asked for, and it failed (their words). */
export class EngineSyncFailedError extends CustomErrorBase {
  name = 'EngineSyncFailedError' as const;
}

/** Argo CD or Flux did not finish a sync within Slipway's wait. */
export class EngineSyncTimeoutError extends CustomErrorBase {
  name = 'EngineSyncTimeoutError' as const;
}
