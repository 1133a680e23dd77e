import { ConfigReader } from '@backstage/config';
import { createPullRequestProviders } from './createPullRequestProviders';
import { selectPullRequestProvider } from './selectPullRequestProvider';

describe('createPullRequestProviders', () => {
  it('creates a provider per configured host type and selects by host', () => {
    const providers = createPullRequestProviders(
      new ConfigReader({
        integrations: {
          github: [{ host: 'github.com', token: 'ghp_test' }],
          gitlab: [
            {
              host: 'gitlab.acme.test',
              apiBaseUrl: 'https://gitlab.acme.test/api/v4',
              token: 'glpat_test',
            },
          ],
        },
      }),
    );
    expect(providers.map(p => p.id)).toEqual(['github', 'gitlab']);
    expect(
      selectPullRequestProvider(providers, 'https://github.com/acme/config').id,
    ).toBe('github');
    expect(
      selectPullRequestProvider(
        providers,
        'https://gitlab.acme.test/platform/apps/config.git',
      ).id,
    ).toBe('gitlab');
  });

  it('leaves out the credential-less integrations Backstage adds by default', () => {
    expect(createPullRequestProviders(new ConfigReader({}))).toEqual([]);
    const providers = createPullRequestProviders(
      new ConfigReader({
        integrations: { gitlab: [{ host: 'gitlab.com', token: 'glpat_test' }] },
      }),
    );
    expect(providers.map(p => p.id)).toEqual(['gitlab']);
  });
});

describe('selectPullRequestProvider', () => {
  const providers = createPullRequestProviders(
    new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
    }),
  );

  it('names the host that has no integration', () => {
    expect(() =>
      selectPullRequestProvider(providers, 'https://git.example.test/a/b.git'),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'No GitHub or GitLab integration configured for host git.example.test; pull requests need one (with a token, or a GitHub App)',
      }),
    );
    // gitlab.com exists only as Backstage's default, without a token.
    expect(() =>
      selectPullRequestProvider(providers, 'https://gitlab.com/a/b'),
    ).toThrow(/host gitlab\.com; pull requests need one/);
  });

  it('refuses URLs no host API can serve', () => {
    expect(() =>
      selectPullRequestProvider(providers, 'file:///srv/config.git'),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'Pull requests need an https://, ssh:// or user@host:path repository URL; got "file:///srv/config.git"',
      }),
    );
  });
});
