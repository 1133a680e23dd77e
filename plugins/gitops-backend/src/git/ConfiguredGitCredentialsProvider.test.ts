import { ConfigReader } from '@backstage/config';
import { ConfiguredGitCredentialsProvider } from './ConfiguredGitCredentialsProvider';
import { createTestGitServer } from '../__testUtils__';
import { GitCli } from './GitCli';
import { RepositoryCache } from './RepositoryCache';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('ConfiguredGitCredentialsProvider', () => {
  it('answers by host, and asks the fallback for other hosts', async () => {
    const fallback = { getCredentials: jest.fn(async () => undefined) };
    const provider = ConfiguredGitCredentialsProvider.fromConfig(
      new ConfigReader({
        gitops: {
          git: {
            credentials: [
              { host: 'git.example.com', username: 'bot', password: 'pw' },
              { host: 'git.example.com:8443', token: 'tok' },
            ],
          },
        },
      }),
      fallback,
    );
    await expect(
      provider.getCredentials('https://git.example.com/acme/config.git'),
    ).resolves.toEqual({ username: 'bot', password: 'pw' });
    await expect(
      provider.getCredentials('https://git.example.com:8443/acme/config.git'),
    ).resolves.toEqual({ headers: { Authorization: 'Bearer tok' } });
    await expect(
      provider.getCredentials('https://other.example.com/acme/config.git'),
    ).resolves.toBeUndefined();
    expect(fallback.getCredentials).toHaveBeenCalledWith(
      'https://other.example.com/acme/config.git',
    );
  });

  it('refuses an entry without credentials, naming it', () => {
    expect(() =>
      ConfiguredGitCredentialsProvider.fromConfig(
        new ConfigReader({
          gitops: { git: { credentials: [{ host: 'git.example.com' }] } },
        }),
      ),
    ).toThrow(
      'gitops.git.credentials[0] needs a token, or a username and a password',
    );
  });

  it('lets git read a plain HTTPS host behind basic authentication', async () => {
    const server = await createTestGitServer({
      username: 'deploy-bot',
      password: 'plain-https-secret',
    });
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-plain-'));
    try {
      const repo = await server.createRepository('config', {
        'envs/dev/kustomization.yaml': 'resources: []\n',
      });
      const host = new URL(repo.url).host;
      const git = new GitCli({
        credentials: ConfiguredGitCredentialsProvider.fromConfig(
          new ConfigReader({
            gitops: {
              git: {
                credentials: [
                  {
                    host,
                    username: 'deploy-bot',
                    password: 'plain-https-secret',
                  },
                ],
              },
            },
          }),
        ),
      });
      const cache = await RepositoryCache.create({ git, cacheDir });
      const head = await cache.resolveBranch(repo.url, 'main');
      const tree = await cache.readTree(repo.url, head.revision, 'envs/dev');
      expect(
        (await tree.readFile('envs/dev/kustomization.yaml')).toString(),
      ).toBe('resources: []\n');
      expect(server.authorizedRequests).toBeGreaterThan(0);
    } finally {
      await server.close();
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });
});
