import { validateRepositoryPath } from './validateRepositoryPath';

describe('validateRepositoryPath', () => {
  it.each(['.', 'apps/payments', './envs/dev', 'a..b', '...', 'envs/.dev', ''])(
    'accepts %j',
    path => {
      expect(validateRepositoryPath(path)).toBeUndefined();
    },
  );

  it.each([
    ['..', 'escapes the repository with ".."'],
    ['../x', 'escapes the repository with ".."'],
    ['a/../../x', 'escapes the repository with ".."'],
    ['a/..', 'escapes the repository with ".."'],
    ['/abs', 'is absolute; give a path relative to the repository root'],
    ['c:/x', 'is absolute; give a path relative to the repository root'],
    ['D:', 'is absolute; give a path relative to the repository root'],
    ['a\\b', 'contains a backslash; use forward slashes'],
    ['..\\x', 'contains a backslash; use forward slashes'],
    ['a\0b', 'contains a NUL character'],
  ])('refuses %j: %s', (path, problem) => {
    expect(validateRepositoryPath(path)).toBe(problem);
  });
});
