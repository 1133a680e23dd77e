import { parseRepositoryUrl } from './parseRepositoryUrl';

describe('parseRepositoryUrl', () => {
  it('moves HTTP credentials out of the URL', () => {
    expect(
      parseRepositoryUrl(
        'https://bot:p%40ss@git.example.com:8443/acme/config.git',
      ),
    ).toEqual({
      url: 'https://git.example.com:8443/acme/config.git',
      httpOrigin: 'https://git.example.com:8443/',
      embeddedCredentials: { username: 'bot', password: 'p@ss' },
    });
    expect(parseRepositoryUrl('https://github.com/acme/config')).toEqual({
      url: 'https://github.com/acme/config',
      httpOrigin: 'https://github.com/',
      embeddedCredentials: undefined,
    });
  });

  it('accepts file, ssh, git and scp-like URLs as they are', () => {
    for (const url of [
      'file:///srv/git/config.git',
      'ssh://git@github.com/acme/config.git',
      'git://example.com/config.git',
      'git@github.com:acme/config.git',
    ]) {
      expect(parseRepositoryUrl(url)).toEqual({ url });
    }
  });

  it('refuses transport helpers, options and other schemes without echoing secrets', () => {
    expect(() => parseRepositoryUrl('ext::sh -c id')).toThrow(
      'Invalid repository URL',
    );
    expect(() => parseRepositoryUrl('-uupload-pack=id')).toThrow(
      'Invalid repository URL',
    );
    expect(() => parseRepositoryUrl('ftp://u:hunter22@example.com/x')).toThrow(
      'Unsupported repository URL "ftp://***@example.com/x"',
    );
    expect(() => parseRepositoryUrl('file://remote-host/x.git')).toThrow(
      'must name a local path',
    );
    expect(() => parseRepositoryUrl('')).toThrow('The repository URL is empty');
  });
});
