import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  parseErrorResponseBody,
} from '@backstage/errors';

/**
 * Calls another backend plugin's REST API on behalf of a caller, with a
 * plugin request token issued for that caller: the plugin then applies its
 * permissions to the caller, exactly as for a request from the browser.
 */
export class PluginApiClient {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  async request(options: {
    pluginId: string;
    /** Path below the plugin's base URL, starting with `/`, already encoded. */
    path: string;
    onBehalfOf: BackstageCredentials;
    method?: 'GET' | 'POST';
    body?: unknown;
    signal?: AbortSignal;
  }): Promise<Response> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl(options.pluginId);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: options.onBehalfOf,
      targetPluginId: options.pluginId,
    });
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
    };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(`${baseUrl}${options.path}`, {
      method: options.method ?? 'GET',
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  }
}

/**
 * The error a failed response stands for, with the serving plugin's own
 * message after `what` (e.g. "Deploy failed"), typed by status so the
 * scaffolder shows a 403 as "not allowed" rather than as a crash.
 */
export async function responseError(
  response: Response,
  what: string,
): Promise<Error> {
  const body = await parseErrorResponseBody(response);
  const message = `${what}: ${body.error.message}`;
  switch (response.status) {
    case 400:
      return new InputError(message);
    case 401:
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(`${message} (HTTP ${response.status})`);
  }
}
