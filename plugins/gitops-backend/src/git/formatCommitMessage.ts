import { InputError } from '@backstage/errors';

const TRAILER_KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * Builds a commit message: the message as given, then a blank line and one
 * `Key: value` line per trailer (in the order given).
 */
export function formatCommitMessage(
  message: string,
  trailers: Record<string, string> = {},
): string {
  const text = message.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  if (text.trim() === '') {
    throw new InputError('The commit message is empty');
  }
  const lines = Object.entries(trailers).map(([key, value]) => {
    if (!TRAILER_KEY.test(key)) {
      throw new InputError(
        `Invalid commit trailer key "${key}": use letters, digits and "-"`,
      );
    }
    if (/[\r\n]/.test(value)) {
      throw new InputError(`The commit trailer ${key} contains a line break`);
    }
    return `${key}: ${value}`;
  });
  return lines.length > 0 ? `${text}\n\n${lines.join('\n')}\n` : `${text}\n`;
}
