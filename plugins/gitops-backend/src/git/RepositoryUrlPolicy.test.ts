import { ConfigReader } from '@backstage/config';
import { RepositoryUrlPolicy } from './RepositoryUrlPolicy';

describe('RepositoryUrlPolicy', () => {
  const policy = RepositoryUrlPolicy.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com' }],
        gitlab: [
          {
            host: 'gitlab.acme.io:8443',
            apiBaseUrl: 'https://gitlab.acme.io:8443/api/v4',
          },
        ],
      },
      gitops: {
        git: {
          credentials: [{ host: 'git.acme.io', token: 't' }],
          allowedHosts: ['*.internal.acme.io'],
        },
      },
    }),
  );

  it.each([
    'https://github.com/acme/payments-config',
    'git@github.com:acme/payments-config.git',
    'ssh://git@github.com/acme/payments-config.git',
    'https://gitlab.acme.io:8443/acme/payments-config.git',
    'https://git.acme.io/acme/payments-config.git',
    'https://git.internal.acme.io/payments.git',
  ])('allows %s', url => {
    expect(() => policy.check(url)).not.toThrow();
  });

  it.each([
    [
      'http://169.254.169.254/latest/meta-data',
      'Git host 169.254.169.254 of http://169.254.169.254/latest/meta-data is not allowed',
    ],
    [
      'http://127.0.0.1:8080/admin',
      'Git host 127.0.0.1:8080 of http://127.0.0.1:8080/admin is not allowed',
    ],
    [
      'https://gitlab.acme.io/acme/x.git',
      'Git host gitlab.acme.io of https://gitlab.acme.io/acme/x.git is not allowed',
    ],
    [
      'https://internal.acme.io.evil.example/x.git',
      'Git host internal.acme.io.evil.example of',
    ],
    [
      'file:///etc',
      'file:///etc is a file:// repository, which this portal does not allow (gitops.git.allowFileUrls is off)',
    ],
  ])('refuses %s', (url, message) => {
    expect(() => policy.check(url)).toThrow(message);
  });

  it('lists the allowed hosts in the refusal', () => {
    expect(() => policy.check('https://evil.example/x.git')).toThrow(
      'Slipway reaches only the hosts of configured integrations and gitops.git.allowedHosts (dev.azure.com, bitbucket.org, github.com, gitlab.acme.io:8443, gitlab.com, git.acme.io, *.internal.acme.io)',
    );
  });

  it('allows file:// only where config says so', () => {
    const demo = RepositoryUrlPolicy.fromConfig(
      new ConfigReader({ gitops: { git: { allowFileUrls: true } } }),
    );
    expect(() => demo.check('file:///srv/demo/payments.git')).not.toThrow();
  });

  it('refuses a malformed allowed host at start-up', () => {
    expect(() =>
      RepositoryUrlPolicy.fromConfig(
        new ConfigReader({ gitops: { git: { allowedHosts: ['http://x/'] } } }),
      ),
    ).toThrow(
      'gitops.git.allowedHosts[0] must be a host name, optionally with a port or a leading "*.", got "http://x/"',
    );
  });
});
