import { commitUrl } from './commitUrl';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('commitUrl', () => {
  it.each([
    [
      'https://github.com/acme/payments-config',
      `https://github.com/acme/payments-config/commit/${SHA}`,
    ],
    [
      'https://github.com/acme/payments-config.git',
      `https://github.com/acme/payments-config/commit/${SHA}`,
    ],
    [
      'https://github.com/acme/payments-config/',
      `https://github.com/acme/payments-config/commit/${SHA}`,
    ],
    [
      'https://ghe.example.com/acme/payments-config',
      `https://ghe.example.com/acme/payments-config/commit/${SHA}`,
    ],
    [
      'https://gitlab.com/acme/group/payments-config.git',
      `https://gitlab.com/acme/group/payments-config/-/commit/${SHA}`,
    ],
    [
      'https://gitlab.example.com:8443/acme/payments-config',
      `https://gitlab.example.com:8443/acme/payments-config/-/commit/${SHA}`,
    ],
    [
      'https://bitbucket.org/acme/payments-config',
      `https://bitbucket.org/acme/payments-config/commits/${SHA}`,
    ],
    [
      'http://git.internal/acme/payments-config',
      `http://git.internal/acme/payments-config/commit/${SHA}`,
    ],
  ])('links %s commits to %s', (repository, link) => {
    expect(commitUrl(repository, SHA)).toBe(link);
  });

  it('accepts short and sha256 object names', () => {
    expect(commitUrl('https://github.com/acme/c', 'abc1234')).toBe(
      'https://github.com/acme/c/commit/abc1234',
    );
    const sha256 = 'a'.repeat(64);
    expect(commitUrl('https://github.com/acme/c', sha256)).toBe(
      `https://github.com/acme/c/commit/${sha256}`,
    );
  });

  it('drops credentials, query and fragment from the repository URL', () => {
    expect(
      commitUrl('https://user:pw@github.com/acme/c.git?x=1#frag', 'abc1234'),
    ).toBe('https://github.com/acme/c/commit/abc1234');
  });

  it.each([
    'file:///srv/git/payments-config',
    // eslint-disable-next-line no-script-url -- the input this test refuses
    'javascript:alert(document.cookie)//github.com/acme/c',
    'ssh://git@github.com/acme/payments-config.git',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
    '',
  ])('gives no link for the repository %j', repository => {
    expect(commitUrl(repository, SHA)).toBeUndefined();
  });

  it.each([
    'HEAD',
    'main',
    'ABCDEF1',
    'abc123',
    'a'.repeat(65),
    `${SHA.slice(0, 10)}/../../evil`,
    'abc1234?x=1',
  ])('gives no link for the revision %j', revision => {
    expect(
      commitUrl('https://github.com/acme/payments-config', revision),
    ).toBeUndefined();
  });
});
