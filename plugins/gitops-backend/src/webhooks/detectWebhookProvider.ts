import { WebhookHeaders, readHeader } from './readHeader';

/**
 * The Git hosts whose push webhooks Slipway understands.
 *
 * @public
 */
export type WebhookProvider = 'github' | 'gitlab';

/**
 * Which host sent a webhook, from the event header each host always sets.
 * The payload is not consulted: it is not trusted until it is verified, and
 * verification depends on the provider.
 */
export function detectWebhookProvider(
  headers: WebhookHeaders,
): WebhookProvider | undefined {
  if (readHeader(headers, 'x-github-event') !== undefined) {
    return 'github';
  }
  if (readHeader(headers, 'x-gitlab-event') !== undefined) {
    return 'gitlab';
  }
  return undefined;
}
