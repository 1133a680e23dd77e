import { createHash, createHmac, timingSafeEqual } from 'crypto';
import {
  WebhookProvider,
  detectWebhookProvider,
} from './detectWebhookProvider';
import { WebhookHeaders, readHeader } from './readHeader';

/**
 * Why a webhook was not accepted as coming from the configured Git host.
 *
 * @public
 */
export type WebhookRejectionReason =
  | 'unknown-provider'
  | 'missing-signature'
  | 'malformed-signature'
  | 'invalid-signature'
  | 'missing-token'
  | 'invalid-token';

/**
 * The outcome of checking a webhook's signature or token. Messages name what
 * was wrong, never the secret or the value the sender supplied.
 *
 * @public
 */
export type WebhookVerification =
  | { verified: true; provider: WebhookProvider }
  | { verified: false; reason: WebhookRejectionReason; message: string };

const MESSAGES: Record<WebhookRejectionReason, string> = {
  'unknown-provider':
    'Not a GitHub or GitLab webhook: expected an X-GitHub-Event or X-Gitlab-Event header',
  'missing-signature':
    'The GitHub webhook has no X-Hub-Signature-256 header; set a secret on the webhook',
  'malformed-signature':
    'The X-Hub-Signature-256 header is not of the form sha256=<64 hex digits>',
  'invalid-signature':
    'The X-Hub-Signature-256 signature does not match the payload and the configured secret',
  'missing-token':
    'The GitLab webhook has no X-Gitlab-Token header; set a secret token on the webhook',
  'invalid-token':
    'The X-Gitlab-Token header does not match the configured secret',
};

const GITHUB_SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks that a webhook comes from a host that knows the shared secret:
 * GitHub signs the raw body with HMAC-SHA256, GitLab sends the secret itself
 * as a token. Both comparisons are constant-time so response timing reveals
 * nothing about how much of a guess was right.
 *
 * @public
 */
export function verifyWebhook(options: {
  headers: WebhookHeaders;
  /** The body exactly as received: re-serialised JSON would not match the signature. */
  rawBody: Buffer;
  secret: string;
}): WebhookVerification {
  const { headers, rawBody, secret } = options;
  const provider = detectWebhookProvider(headers);
  if (provider === 'github') {
    const header = readHeader(headers, 'x-hub-signature-256');
    if (header === undefined) {
      return rejected('missing-signature');
    }
    const match = GITHUB_SIGNATURE.exec(header.trim());
    if (!match) {
      return rejected('malformed-signature');
    }
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    const given = Buffer.from(match[1], 'hex');
    return timingSafeEqual(expected, given)
      ? { verified: true, provider }
      : rejected('invalid-signature');
  }
  if (provider === 'gitlab') {
    const token = readHeader(headers, 'x-gitlab-token');
    if (token === undefined || token === '') {
      return rejected('missing-token');
    }
    // Hashing both sides gives equal-length buffers, so neither the compare
    // nor a length check leaks the secret's length.
    return timingSafeEqual(sha256(token), sha256(secret))
      ? { verified: true, provider }
      : rejected('invalid-token');
  }
  return rejected('unknown-provider');
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function rejected(reason: WebhookRejectionReason): WebhookVerification {
  return { verified: false, reason, message: MESSAGES[reason] };
}
