const REDACTED = '***';

/**
 * Removes credentials from text that may reach a log line or an error: every
 * known secret value, and the user-info part of any URL (`https://user:pw@host`),
 * which git itself echoes back in some messages.
 */
export function redactSecrets(
  text: string,
  secrets: Iterable<string> = [],
): string {
  let result = text;
  // Longest first, so a secret that contains another is removed whole.
  const values = [...new Set(secrets)]
    .filter(secret => secret.length >= 3)
    .sort((a, b) => b.length - a.length);
  for (const secret of values) {
    result = result.split(secret).join(REDACTED);
  }
  return result.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@'"]+@/gi,
    (_match, scheme: string) => `${scheme}${REDACTED}@`,
  );
}
