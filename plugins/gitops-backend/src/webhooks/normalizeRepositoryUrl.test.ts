import { normalizeRepositoryUrl } from './normalizeRepositoryUrl';

describe('normalizeRepositoryUrl', () => {
  it.each([
    'https://github.com/Acme/x.git',
    'https://github.com/acme/x',
    'https://github.com/acme/x/',
    'https://GitHub.com/ACME/X.GIT',
    'http://github.com/acme/x',
    'https://token:x-oauth-basic@github.com/acme/x.git',
    'https://github.com:443/acme/x',
    'https://github.com//acme/x.git/',
    'https://github.com/acme/x.git#main',
    'git@github.com:acme/x.git',
    'git@github.com:Acme/x',
    'ssh://git@github.com/acme/x',
    'ssh://git@github.com:22/acme/x.git',
    'git://github.com/acme/x.git',
    '  https://github.com/acme/x  ',
  ])('reads %s as github.com/acme/x', url => {
    expect(normalizeRepositoryUrl(url)).toBe('github.com/acme/x');
  });

  it.each([
    [
      'https://gitlab.acme.example/Platform/Sub/Payments-Config.git',
      'gitlab.acme.example/platform/sub/payments-config',
    ],
    [
      'git@gitlab.acme.example:Platform/Sub/Payments-Config.git',
      'gitlab.acme.example/platform/sub/payments-config',
    ],
    [
      'ssh://git@gitlab.acme.example:2222/platform/sub/payments-config.git',
      'gitlab.acme.example/platform/sub/payments-config',
    ],
    ['https://git.acme.example/a%20b/c', 'git.acme.example/a b/c'],
    ['file:///srv/git/Payments.git', '/srv/git/Payments'],
    ['file:///srv/git/payments/', '/srv/git/payments'],
    ['file://localhost/srv/git/payments', '/srv/git/payments'],
    ['/srv/git/payments.git', '/srv/git/payments'],
  ])('reads %s as %s', (url, key) => {
    expect(normalizeRepositoryUrl(url)).toBe(key);
  });

  it('keeps different repositories apart', () => {
    const keys = [
      'https://github.com/acme/x',
      'https://github.com/acme/x-config',
      'https://github.com/other/x',
      'https://gitlab.com/acme/x',
      'file:///acme/x',
    ].map(normalizeRepositoryUrl);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    '',
    'not a url',
    'https://github.com/',
    'mailto:a@b.c',
    'file:///',
    'https://github.com/acme/x%0Aforged',
  ])('finds no repository in %p', url => {
    expect(normalizeRepositoryUrl(url)).toBeUndefined();
  });

  it('drops credentials', () => {
    expect(
      normalizeRepositoryUrl('https://me:s3cret@git.acme.example/a/b'),
    ).toBe('git.acme.example/a/b');
  });
});
