import { ServiceUnavailableError } from '@backstage/errors';
import { redactSecrets } from '../git/redactSecrets';

/**
 * One call to a Git host's REST API.
 *
 * @public
 */
export interface HostApiRequest {
  /** `GitHub` or `GitLab`, for messages. */
  hostName: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Values that must not appear in any error this call raises. */
  secrets: string[];
  timeoutMs: number;
}

/**
 * The host's answer, whatever its status: callers decide which statuses are
 * failures, since some (a pull request that already exists) are expected.
 *
 * @public
 */
export interface HostApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the host did not answer with JSON. */
  body: unknown;
}

/**
 * Calls a host API with Node's global `fetch` and a deadline. Transport
 * failures become `ServiceUnavailableError`s whose message has had every
 * secret removed, since fetch errors can quote the request.
 *
 * @public
 */
export async function fetchHostApi(
  request: HostApiRequest,
): Promise<HostApiResponse> {
  const { hostName, method, url, secrets, timeoutMs } = request;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': 'slipway-gitops',
    ...request.headers,
  };
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const origin = new URL(url).origin;
    const reason = isTimeout(error)
      ? `no answer within ${formatSeconds(timeoutMs)}`
      : describeCause(error);
    throw new ServiceUnavailableError(
      redactSecrets(
        `Could not reach the ${hostName} API at ${origin}: ${reason}`,
        secrets,
      ),
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  if (text && /\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

// Errors are read by shape: fetch's DOMExceptions come from another realm
// under some test runners, so `instanceof Error` is not reliable.
interface ErrorLike {
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

function isTimeout(error: unknown): boolean {
  const { name } = (error ?? {}) as ErrorLike;
  return name === 'TimeoutError' || name === 'AbortError';
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${ms}ms`;
}

function describeCause(error: unknown): string {
  const { message, cause } = (error ?? {}) as ErrorLike;
  if (typeof message !== 'string') {
    return String(error);
  }
  // undici reports the useful part (ECONNREFUSED, certificate problems) as the cause.
  const causeMessage = (cause as ErrorLike | undefined)?.message;
  return typeof causeMessage === 'string' && causeMessage
    ? `${message} (${causeMessage})`
    : message;
}
