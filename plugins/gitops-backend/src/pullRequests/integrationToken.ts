import { NotAllowedError } from '@backstage/errors';
import { redactSecrets } from '../git/redactSecrets';

/**
 * The token (and extra headers) a Backstage integration gives for a
 * repository, with the failures both hosts share turned into errors that
 * name the integration and never carry a secret.
 */
export async function integrationToken(options: {
  /** `GitHub` or `GitLab`, for messages. */
  hostName: string;
  host: string;
  /** What the credentials are for, e.g. `acme/payments`. */
  target: string;
  /** Why the token is needed, for the "no token" message. */
  missing: string;
  getCredentials: () => Promise<{
    token?: string;
    headers?: Record<string, string>;
  }>;
}): Promise<{ token: string; headers: Record<string, string> }> {
  let credentials;
  try {
    credentials = await options.getCredentials();
  } catch (error) {
    throw new NotAllowedError(
      redactSecrets(
        `The ${options.hostName} integration for ${
          options.host
        } could not provide credentials for ${options.target}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      ),
    );
  }
  if (!credentials.token) {
    throw new NotAllowedError(
      `The ${options.hostName} integration for ${options.host} has no ${options.missing}`,
    );
  }
  return { token: credentials.token, headers: credentials.headers ?? {} };
}
