import { ResponseError } from '@backstage/errors';

/**
 * The sentence to show for a failed request: the backend's own message (such
 * as "dev already runs 1.2.0") rather than the transport's "Request failed
 * with 409 Conflict".
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause?.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
