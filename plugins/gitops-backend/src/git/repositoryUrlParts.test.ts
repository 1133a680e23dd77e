import {
  repositoryPathFromUrl,
  splitScpLikeUrl,
  trimRepositoryPath,
} from './repositoryUrlParts';

describe('splitScpLikeUrl', () => {
  it.each([
    ['git@github.com:acme/x.git', 'github.com', 'acme/x.git'],
    ['deploy.bot@git.acme.example:/srv/x', 'git.acme.example', '/srv/x'],
  ])('splits %s', (url, host, path) => {
    expect(splitScpLikeUrl(url)).toEqual({ host, path });
  });

  it.each([
    'https://github.com/acme/x',
    'ssh://git@github.com/acme/x',
    'git@github.com://acme/x',
    'git@github.com:acme/my x',
    'me+you@github.com:acme/x',
    'github.com:acme/x',
    '/srv/git/x',
  ])('is not one: %s', url => {
    expect(splitScpLikeUrl(url)).toBeUndefined();
  });
});

describe('repositoryPathFromUrl', () => {
  it.each([
    ['/acme/x.git', 'acme/x'],
    ['/acme/x.GIT/', 'acme/x'],
    ['//acme//x/', 'acme/x'],
    ['acme/x', 'acme/x'],
    ['/a%20b/c', 'a b/c'],
    ['/a%zzb/c', 'a%zzb/c'],
    ['/', ''],
  ])('reads %j as %j', (path, repository) => {
    expect(repositoryPathFromUrl(path)).toBe(repository);
  });

  it('decodes only where asked to: trimRepositoryPath keeps %20', () => {
    expect(trimRepositoryPath('/srv/a%20b.git')).toBe('srv/a%20b');
  });
});
