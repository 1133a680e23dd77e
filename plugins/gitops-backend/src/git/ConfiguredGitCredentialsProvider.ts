import { Config } from '@backstage/config';
import {
  GitCredentials,
  GitCredentialsProvider,
} from './GitCredentialsProvider';

interface HostCredentials {
  host: string;
  credentials: GitCredentials;
}

/**
 * Credentials for plain HTTPS Git hosts that no Backstage integration
 * describes (a self-hosted git server behind basic authentication), from
 * `gitops.git.credentials`. Asked before the integrations, so a host listed
 * here wins; matched on the URL's host (with port), never sent elsewhere.
 *
 * @public
 */
export class ConfiguredGitCredentialsProvider
  implements GitCredentialsProvider
{
  static fromConfig(
    config: Config,
    fallback?: GitCredentialsProvider,
  ): ConfiguredGitCredentialsProvider {
    const entries = (
      config.getOptionalConfigArray('gitops.git.credentials') ?? []
    ).map((entry, index) => {
      const host = entry.getString('host').toLowerCase();
      if (!/^[a-z0-9.-]+(:\d+)?$/.test(host)) {
        throw new Error(
          `gitops.git.credentials[${index}].host must be a host name, optionally with a port, got "${host}"`,
        );
      }
      const token = entry.getOptionalString('token');
      const username = entry.getOptionalString('username');
      const password = entry.getOptionalString('password');
      let credentials: GitCredentials;
      if (token) {
        credentials = { headers: { Authorization: `Bearer ${token}` } };
      } else if (username && password) {
        credentials = { username, password };
      } else {
        throw new Error(
          `gitops.git.credentials[${index}] needs a token, or a username and a password`,
        );
      }
      return { host, credentials };
    });
    return new ConfiguredGitCredentialsProvider(entries, fallback);
  }

  constructor(
    private readonly entries: HostCredentials[],
    private readonly fallback?: GitCredentialsProvider,
  ) {}

  async getCredentials(url: string): Promise<GitCredentials | undefined> {
    let host: string | undefined;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
        host = parsed.host.toLowerCase();
      }
    } catch {
      host = undefined;
    }
    const entry =
      host && this.entries.find(candidate => candidate.host === host);
    if (entry) {
      return entry.credentials;
    }
    return this.fallback?.getCredentials(url);
  }
}
