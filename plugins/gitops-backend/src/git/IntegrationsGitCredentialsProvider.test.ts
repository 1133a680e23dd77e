import { ConfigReader } from '@backstage/config';
import { IntegrationsGitCredentialsProvider } from './IntegrationsGitCredentialsProvider';

describe('IntegrationsGitCredentialsProvider', () => {
  const provider = IntegrationsGitCredentialsProvider.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com', token: 'gh-token' }],
        gitlab: [{ host: 'gitlab.com', token: 'gl-token' }],
        bitbucketCloud: [
          { username: 'bb-user', appPassword: 'bb-app-password' },
        ],
        bitbucketServer: [
          {
            host: 'bitbucket.acme.invalid',
            apiBaseUrl: 'https://bitbucket.acme.invalid/rest/api/1.0',
            token: 'bbs-token',
          },
        ],
        azure: [
          {
            host: 'dev.azure.com',
            credentials: [{ personalAccessToken: 'az-pat' }],
          },
        ],
        gitea: [
          {
            host: 'gitea.acme.invalid',
            username: 'tea',
            password: 'tea-password',
          },
        ],
      },
    }),
  );

  it.each([
    [
      'https://github.com/acme/config',
      { username: 'x-access-token', password: 'gh-token' },
    ],
    [
      'https://gitlab.com/acme/config.git',
      { username: 'oauth2', password: 'gl-token' },
    ],
    [
      'https://bitbucket.org/acme/config.git',
      { username: 'bb-user', password: 'bb-app-password' },
    ],
    [
      'https://bitbucket.acme.invalid/scm/acme/config.git',
      { headers: { Authorization: 'Bearer bbs-token' } },
    ],
    [
      'https://dev.azure.com/acme/project/_git/config',
      {
        headers: {
          Authorization: `Basic ${Buffer.from(':az-pat').toString('base64')}`,
        },
      },
    ],
    [
      'https://gitea.acme.invalid/acme/config.git',
      { username: 'tea', password: 'tea-password' },
    ],
  ])('gives credentials for %s', async (url, expected) => {
    await expect(provider.getCredentials(url)).resolves.toEqual(expected);
  });

  it('gives none for hosts without an integration and for non-HTTP URLs', async () => {
    await expect(
      provider.getCredentials('https://git.example.com/a.git'),
    ).resolves.toBeUndefined();
    await expect(
      provider.getCredentials('file:///srv/a.git'),
    ).resolves.toBeUndefined();
    await expect(
      provider.getCredentials('git@github.com:acme/a.git'),
    ).resolves.toBeUndefined();
  });
});
