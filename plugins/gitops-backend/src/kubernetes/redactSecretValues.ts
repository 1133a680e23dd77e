import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { isSecret, SECRET_MASK } from '../diff/maskSecrets';
import { isRecord } from '../health/readField';

/** Shorter unquoted values would match ordinary words of a message. */
const MIN_UNQUOTED_LENGTH = 4;

/**
 * A message about an object with any of its Secret values cut out. API
 * servers quote invalid values back in their messages; for a Secret that
 * would put a credential into an operation's history. Values are matched
 * as written (clear `stringData`, base64 `data`) and in the other encoding.
 */
export function redactSecretValues(
  message: string,
  object: KubernetesObject,
): string {
  if (!isSecret(object)) {
    return message;
  }
  const values = new Set<string>();
  const add = (value: string) => {
    if (value) {
      values.add(value);
    }
  };
  for (const [field, encoded] of [
    ['data', true],
    ['stringData', false],
  ] as const) {
    const entries = object[field];
    if (!isRecord(entries)) {
      continue;
    }
    for (const value of Object.values(entries)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      add(text);
      add(
        encoded
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(text, 'utf8').toString('base64'),
      );
    }
  }
  // Longest first, so a value containing another is cut out whole.
  let redacted = message;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(JSON.stringify(value)).join(`"${SECRET_MASK}"`);
    if (value.length >= MIN_UNQUOTED_LENGTH) {
      redacted = redacted.split(value).join(SECRET_MASK);
    }
  }
  return redacted;
}
