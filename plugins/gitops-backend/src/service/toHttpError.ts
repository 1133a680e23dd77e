import {
  ConflictError,
  CustomErrorBase,
  ServiceUnavailableError,
} from '@backstage/errors';
import { RenderError } from '@slipway/plugin-gitops-node';
import { SyncFailedError } from '../engine/SyncFailedError';
import {
  EngineSyncFailedError,
  EngineSyncTimeoutError,
} from '../pull/EngineSyncFailedError';
import { GitCommandError } from '../git';
import { ClusterRequestError } from '../kubernetes';
import { OverlayEditError } from '../overlays/OverlayEditError';

/**
 * The config repository's manifests cannot be rendered, edited or applied
 * as they are (422): the request was fine, the content in Git is not.
 */
export class UnprocessableContentError extends CustomErrorBase {
  name = 'UnprocessableContentError' as const;
  statusCode = 422;
}

/** A Git host or cluster refused or failed what Slipway asked of it (502). */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;
  statusCode = 502;
}

const FORCE_HINT =
  'Sync with force to take these fields over (they will be overwritten with what Git declares)';

/**
 * Maps the failures Slipway expects — Git and clusters that cannot be
 * reached or refuse, manifests that cannot be rendered, server-side apply
 * conflicts — to the status codes that say whose move it is. Anything
 * else is left to Backstage's error handler (a 500 is then a bug).
 */
export function toHttpError(error: unknown): unknown {
  // By name too: a module may bring its own copy of the node library.
  const isRenderError =
    error instanceof RenderError ||
    (error instanceof Error && error.name === 'RenderError');
  if (error instanceof OverlayEditError || isRenderError) {
    return new UnprocessableContentError((error as Error).message);
  }
  if (error instanceof GitCommandError) {
    switch (error.kind) {
      case 'unreachable':
      case 'timeout':
        return new ServiceUnavailableError(error.message);
      case 'rejected':
        return new ConflictError(error.message);
      default:
        return new UpstreamError(error.message);
    }
  }
  if (error instanceof ClusterRequestError) {
    if (error.unreachable) {
      return new ServiceUnavailableError(error.message);
    }
    switch (error.status?.code) {
      case 409:
        return new ConflictError(error.message);
      case 400:
      case 422:
        return new UnprocessableContentError(error.message);
      default:
        return new UpstreamError(error.message);
    }
  }
  if (error instanceof SyncFailedError) {
    return syncFailureToHttpError(error);
  }
  if (error instanceof EngineSyncFailedError) {
    return new UpstreamError(error.message);
  }
  if (error instanceof EngineSyncTimeoutError) {
    return new ServiceUnavailableError(error.message);
  }
  return error;
}

function syncFailureToHttpError(error: SyncFailedError): Error {
  const reasons = new Set(error.failures.map(failure => failure.reason));
  if (reasons.size === 1 && reasons.has('Conflict')) {
    return new ConflictError(
      `${error.message}. Other field managers own these fields. ${FORCE_HINT}.`,
    );
  }
  if (reasons.has('OwnedElsewhere') || reasons.has('Conflict')) {
    return new ConflictError(error.message);
  }
  if (reasons.has('Invalid') || reasons.has('BadRequest')) {
    return new UnprocessableContentError(error.message);
  }
  return new UpstreamError(error.message);
}
