/**
 * Request headers as Node hands them over: names lower-cased, a repeated
 * header as an array.
 *
 * @public
 */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

/**
 * The single value of a header, or undefined when it is absent or repeated.
 * A repeated signature or event header is ambiguous, and guessing which copy
 * counts is how signature checks get bypassed.
 */
export function readHeader(
  headers: WebhookHeaders,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}
