const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Whether a request failed because the connection broke before an answer
 * came: the server (or a proxy) closed a pooled keep-alive connection just
 * as the request went out on it. client-node's fetch reports the socket's
 * error code on the error or on its cause.
 */
export function isConnectionReset(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    current && typeof current === 'object' && depth < 3;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) {
      return true;
    }
  }
  return false;
}
