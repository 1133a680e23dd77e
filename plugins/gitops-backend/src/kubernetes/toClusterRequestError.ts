import { ApiException } from '@kubernetes/client-node';
import { ClusterRequestError, KubernetesStatus } from './ClusterRequestError';

const UNAVAILABLE_CODES = new Set([502, 503, 504]);
const REDACTED = '<redacted>';
/** How much of a body that is not a Status an error repeats. */
const BODY_EXCERPT = 200;

/**
 * A precise error for a failed call to a cluster: the API server's Status
 * message when it answered, the connection failure when it did not. The
 * cluster's token is cut out of the message, in case a proxy or an auth
 * library ever echoes it.
 */
export function toClusterRequestError(
  error: unknown,
  cluster: { name: string; url: string; token?: string },
): ClusterRequestError {
  if (error instanceof ClusterRequestError) {
    return error;
  }
  const redact = (text: string) =>
    cluster.token ? text.split(cluster.token).join(REDACTED) : text;
  const where = `Cluster "${cluster.name}" at ${cluster.url}`;

  if (error instanceof ApiException) {
    const status = statusOf(error.code, error.body);
    const unreachable = UNAVAILABLE_CODES.has(error.code);
    const message = unreachable
      ? `${where} is unavailable: ${status.code} ${status.reason}: ${status.message}`
      : `${where} answered ${status.code} ${status.reason}: ${status.message}`;
    return new ClusterRequestError({
      message: redact(message),
      cluster: cluster.name,
      url: cluster.url,
      status: { ...status, message: redact(status.message) },
      unreachable,
    });
  }

  return new ClusterRequestError({
    message: redact(`${where} is unreachable: ${connectionFailure(error)}`),
    cluster: cluster.name,
    url: cluster.url,
    unreachable: true,
  });
}

function statusOf(code: number, body: unknown): KubernetesStatus {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const status = parsed as Partial<KubernetesStatus> | undefined;
  if (status && typeof status.message === 'string') {
    return {
      code,
      reason: status.reason ?? `HTTP ${code}`,
      message: status.message,
      details: status.details,
    };
  }
  const text = typeof body === 'string' ? body.trim() : '';
  return {
    code,
    reason: `HTTP ${code}`,
    message: text
      ? text.slice(0, BODY_EXCERPT)
      : 'the server sent no Status message',
  };
}

/** `connect ECONNREFUSED 127.0.0.1:6443` out of node-fetch's longer message. */
function connectionFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = /, reason: (.*)$/s.exec(message);
  return reason ? reason[1] : message;
}
