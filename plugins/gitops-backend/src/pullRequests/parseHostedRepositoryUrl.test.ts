import { parseHostedRepositoryUrl } from './parseHostedRepositoryUrl';

describe('parseHostedRepositoryUrl', () => {
  it.each([
    ['https://github.com/acme/config', 'github.com', 'acme/config'],
    ['https://github.com/acme/config.git', 'github.com', 'acme/config'],
    ['https://github.com/acme/config/', 'github.com', 'acme/config'],
    ['https://git.acme.test:8443/a/b', 'git.acme.test:8443', 'a/b'],
    ['https://gitlab.com/group/sub/repo.git', 'gitlab.com', 'group/sub/repo'],
    ['git@github.com:acme/config.git', 'github.com', 'acme/config'],
    ['ssh://git@gitlab.acme.test:2222/g/p.git', 'gitlab.acme.test', 'g/p'],
    ['https://github.com//acme/config.GIT/', 'github.com', 'acme/config'],
    ['https://git.acme.test/a%20b/c', 'git.acme.test', 'a b/c'],
  ])('reads %s', (url, host, path) => {
    expect(parseHostedRepositoryUrl(url)).toEqual({ host, path });
  });

  it('drops credentials embedded in the URL', () => {
    const parsed = parseHostedRepositoryUrl(
      'https://me:s3cret@github.com/acme/config',
    );
    expect(JSON.stringify(parsed)).not.toContain('s3cret');
  });

  it.each([
    'file:///srv/config.git',
    'config',
    'ftp://host/a/b',
    'git@github.com:acme/my config',
  ])('refuses %s', url => {
    expect(() => parseHostedRepositoryUrl(url)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it('keeps credentials out of its error', () => {
    expect(() => parseHostedRepositoryUrl('gopher://me:s3cret@host/a')).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('s3cret'),
      }),
    );
  });
});
