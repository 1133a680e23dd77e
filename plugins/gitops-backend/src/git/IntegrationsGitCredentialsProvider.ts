import { Config } from '@backstage/config';
import {
  BitbucketCloudIntegrationConfig,
  BitbucketServerIntegrationConfig,
  DefaultAzureDevOpsCredentialsProvider,
  DefaultGithubCredentialsProvider,
  DefaultGitlabCredentialsProvider,
  GerritIntegrationConfig,
  getBitbucketCloudOAuthToken,
  GiteaIntegrationConfig,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  GitCredentials,
  GitCredentialsProvider,
} from './GitCredentialsProvider';

/**
 * Git credentials from the portal's `integrations:` configuration, the same
 * place every other Backstage plugin reads them.
 *
 * - GitHub (token or GitHub App): `x-access-token` + token
 * - GitLab: `oauth2` + token
 * - Bitbucket Cloud: user name + app password, or `x-token-auth` + token
 *   (an access token, or one obtained with the OAuth client)
 * - Bitbucket Server: bearer token header, or user name + password
 * - Azure DevOps: the headers Backstage's Azure provider builds (PAT or Entra ID)
 * - Gitea, Gerrit: user name + password
 *
 * URLs with no matching integration (plain HTTPS) get no credentials.
 *
 * @public
 */
export class IntegrationsGitCredentialsProvider
  implements GitCredentialsProvider
{
  static fromConfig(config: Config): IntegrationsGitCredentialsProvider {
    return IntegrationsGitCredentialsProvider.fromIntegrations(
      ScmIntegrations.fromConfig(config),
    );
  }

  static fromIntegrations(
    integrations: ScmIntegrationRegistry,
  ): IntegrationsGitCredentialsProvider {
    return new IntegrationsGitCredentialsProvider(integrations);
  }

  private readonly github: DefaultGithubCredentialsProvider;
  private readonly gitlab: DefaultGitlabCredentialsProvider;
  private readonly azure: DefaultAzureDevOpsCredentialsProvider;

  private constructor(private readonly integrations: ScmIntegrationRegistry) {
    this.github =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    this.gitlab =
      DefaultGitlabCredentialsProvider.fromIntegrations(integrations);
    this.azure =
      DefaultAzureDevOpsCredentialsProvider.fromIntegrations(integrations);
  }

  async getCredentials(url: string): Promise<GitCredentials | undefined> {
    if (!/^https?:\/\//i.test(url)) {
      return undefined;
    }
    const integration = this.integrations.byUrl(url);
    switch (integration?.type) {
      case 'github': {
        const { token } = await this.github.getCredentials({ url });
        return token
          ? { username: 'x-access-token', password: token }
          : undefined;
      }
      case 'gitlab': {
        const { token } = await this.gitlab.getCredentials({ url });
        return token ? { username: 'oauth2', password: token } : undefined;
      }
      case 'bitbucketCloud':
        return bitbucketCloud(
          (
            integration as unknown as {
              config: BitbucketCloudIntegrationConfig;
            }
          ).config,
        );
      case 'bitbucketServer':
        return bitbucketServer(
          (
            integration as unknown as {
              config: BitbucketServerIntegrationConfig;
            }
          ).config,
        );
      case 'bitbucket':
        return bitbucketLegacy(
          (integration as unknown as { config: LegacyBitbucketConfig }).config,
        );
      case 'azure': {
        const credentials = await this.azure.getCredentials({ url });
        return credentials ? { headers: credentials.headers } : undefined;
      }
      case 'gitea':
      case 'gerrit': {
        const { username, password } = (
          integration as unknown as {
            config: GiteaIntegrationConfig | GerritIntegrationConfig;
          }
        ).config;
        return username && password ? { username, password } : undefined;
      }
      default:
        return undefined;
    }
  }
}

/** The deprecated `integrations.bitbucket` block, whose type is no longer exported. */
interface LegacyBitbucketConfig {
  username?: string;
  appPassword?: string;
  token?: string;
}

async function bitbucketCloud(
  config: BitbucketCloudIntegrationConfig,
): Promise<GitCredentials | undefined> {
  if (config.username && config.appPassword) {
    return { username: config.username, password: config.appPassword };
  }
  if (config.token) {
    return { username: 'x-token-auth', password: config.token };
  }
  if (config.clientId && config.clientSecret) {
    const token = await getBitbucketCloudOAuthToken(
      config.clientId,
      config.clientSecret,
    );
    return { username: 'x-token-auth', password: token };
  }
  return undefined;
}

function bitbucketServer(
  config: BitbucketServerIntegrationConfig,
): GitCredentials | undefined {
  if (config.token) {
    return { headers: { Authorization: `Bearer ${config.token}` } };
  }
  if (config.username && config.password) {
    return { username: config.username, password: config.password };
  }
  return undefined;
}

function bitbucketLegacy(
  config: LegacyBitbucketConfig,
): GitCredentials | undefined {
  if (config.username && config.appPassword) {
    return { username: config.username, password: config.appPassword };
  }
  if (config.token) {
    return { headers: { Authorization: `Bearer ${config.token}` } };
  }
  return undefined;
}
