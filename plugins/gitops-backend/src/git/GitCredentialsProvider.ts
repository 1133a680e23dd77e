/**
 * Credentials for one Git remote: either a user name and password (or token)
 * for HTTP basic authentication, or ready-made HTTP headers (bearer tokens,
 * Azure DevOps).
 *
 * @public
 */
export type GitCredentials =
  | { username: string; password: string }
  | { headers: Record<string, string> };

/**
 * Supplies credentials for a repository URL. Returns undefined when the URL
 * needs none (or none are configured), so git tries anonymously.
 *
 * @public
 */
export interface GitCredentialsProvider {
  getCredentials(url: string): Promise<GitCredentials | undefined>;
}

/**
 * The HTTP headers git should send for these credentials.
 */
export function credentialsToHeaders(
  credentials: GitCredentials,
): Record<string, string> {
  if ('headers' in credentials) {
    return credentials.headers;
  }
  const basic = Buffer.from(
    `${credentials.username}:${credentials.password}`,
    'utf8',
  ).toString('base64');
  return { Authorization: `Basic ${basic}` };
}

/**
 * Every string that would give away these credentials if it were printed:
 * the raw values and their encoded forms in headers.
 */
export function credentialSecrets(credentials: GitCredentials): string[] {
  const secrets: string[] = [];
  if ('headers' in credentials) {
    for (const value of Object.values(credentials.headers)) {
      secrets.push(value);
      const [, token] = value.split(/\s+/, 2);
      if (token) {
        secrets.push(token);
      }
    }
    return secrets;
  }
  if (credentials.password) {
    secrets.push(credentials.password);
    secrets.push(encodeURIComponent(credentials.password));
  } else {
    // A token passed as the user name (`https://TOKEN@host`) is the secret.
    secrets.push(credentials.username);
  }
  const headers = credentialsToHeaders(credentials);
  secrets.push(headers.Authorization, headers.Authorization.slice(6));
  return secrets;
}
