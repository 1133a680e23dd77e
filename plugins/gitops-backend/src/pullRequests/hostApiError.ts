import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { redactSecrets } from '../git/redactSecrets';
import { HostApiRequest, HostApiResponse } from './fetchHostApi';

/**
 * What was being attempted when a host API call failed, for the message.
 *
 * @public
 */
export interface HostApiErrorContext {
  /** e.g. `open a pull request`, `read pull request #4`. */
  action: string;
  /** How the repository is named to people, e.g. `acme/config on github.com`. */
  repository: string;
  /** The message for a 404, when "repository not found" would mislead. */
  notFoundMessage?: string;
}

const MAX_DETAIL = 300;

/**
 * Turns a failed host API response into the `@backstage/errors` error a caller
 * of the Slipway API should see. The host's own explanation is kept (it is
 * often the only clue, e.g. "No commits between main and …"), shortened and
 * with every secret removed, since hosts may echo what they were sent.
 *
 * @public
 */
export function hostApiError(
  request: Pick<HostApiRequest, 'hostName' | 'secrets'>,
  response: HostApiResponse,
  context: HostApiErrorContext,
): Error {
  const { hostName, secrets } = request;
  const { status } = response;
  const detail = hostErrorDetail(response.body);
  const said = detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`;
  const clean = (message: string) => redactSecrets(message, secrets);

  if (status === 429 || (status === 403 && isRateLimited(response.headers))) {
    return new ServiceUnavailableError(
      clean(
        `${hostName} rate limit reached while trying to ${context.action} in ${context.repository} (${said}); retry later`,
      ),
    );
  }
  switch (status) {
    case 401:
    case 403:
      return new NotAllowedError(
        clean(
          `${hostName} refused to ${context.action} in ${context.repository} (${said}); check the integration's token permissions`,
        ),
      );
    case 404:
      return new NotFoundError(
        clean(
          context.notFoundMessage ??
            `${hostName} repository ${context.repository} was not found, or the integration's token cannot see it`,
        ),
      );
    case 409:
      return new ConflictError(
        clean(
          `${hostName} could not ${context.action} in ${context.repository} (${said})`,
        ),
      );
    case 400:
    case 422:
      return new InputError(
        clean(
          `${hostName} rejected the request to ${context.action} in ${context.repository} (${said})`,
        ),
      );
    default:
      if (status >= 500) {
        return new ServiceUnavailableError(
          clean(
            `${hostName} failed to ${context.action} in ${context.repository} (${said})`,
          ),
        );
      }
      return new Error(
        clean(
          `${hostName} answered unexpectedly when trying to ${context.action} in ${context.repository} (${said})`,
        ),
      );
  }
}

/**
 * The explanation inside a GitHub (`message`, `errors[]`) or GitLab
 * (`message` as text, list or field map; `error`) error body.
 */
function hostErrorDetail(body: unknown): string {
  const parts: string[] = [];
  if (typeof body === 'string') {
    parts.push(body);
  } else if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    parts.push(...flattenMessages(record.message));
    parts.push(...flattenMessages(record.error));
    parts.push(...flattenMessages(record.error_description));
    if (Array.isArray(record.errors)) {
      for (const item of record.errors) {
        if (typeof item === 'string') {
          parts.push(item);
        } else if (item && typeof item === 'object') {
          const entry = item as Record<string, unknown>;
          if (typeof entry.message === 'string') {
            parts.push(entry.message);
          } else if (typeof entry.code === 'string') {
            parts.push(
              [entry.resource, entry.field, entry.code]
                .filter(value => typeof value === 'string')
                .join(' '),
            );
          }
        }
      }
    }
  }
  const text = parts.filter(Boolean).join('; ').replace(/\s+/g, ' ').trim();
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

function flattenMessages(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(flattenMessages);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([field, messages]) =>
      flattenMessages(messages).map(message => `${field} ${message}`),
    );
  }
  return [];
}

function isRateLimited(headers: Headers): boolean {
  return (
    headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after')
  );
}
