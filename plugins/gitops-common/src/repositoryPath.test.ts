import {
  canonicalRepositoryPath,
  joinRepositoryPath,
  splitRepositoryPath,
  validateRepositoryPath,
} from './repositoryPath';

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

describe('splitRepositoryPath', () => {
  it.each([
    ['', []],
    ['.', []],
    ['./', []],
    ['a//b/./c/', ['a', 'b', 'c']],
    ['a..b/...', ['a..b', '...']],
  ])('splits %j', (path, segments) => {
    expect(splitRepositoryPath(path)).toEqual({ segments });
  });

  it('resolves a .. that stays inside only when asked to', () => {
    expect(splitRepositoryPath('a/b/../c')).toEqual({
      problem: 'escapes the repository with ".."',
    });
    expect(splitRepositoryPath('a/b/../c', { resolveParents: true })).toEqual({
      segments: ['a', 'c'],
    });
    expect(splitRepositoryPath('a/..', { resolveParents: true })).toEqual({
      segments: [],
    });
  });

  it.each(['..', '../x', 'a/../../x', './..'])(
    'refuses %j, which climbs above the root, either way',
    path => {
      expect(splitRepositoryPath(path, { resolveParents: true })).toEqual({
        problem: 'escapes the repository with ".."',
      });
    },
  );
});

describe('canonicalRepositoryPath', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['envs/dev', 'envs/dev'],
    ['./envs/dev/', 'envs/dev'],
    ['envs//dev', 'envs/dev'],
    ['envs/./dev', 'envs/dev'],
    ['envs/dev/../staging', 'envs/staging'],
    ['a/..', '.'],
    ['a..b', 'a..b'],
  ])('turns %j into %j', (path, canonical) => {
    expect(canonicalRepositoryPath(path)).toBe(canonical);
  });

  it.each(['..', '../x', 'a/../../x', '/etc', 'C:/x', 'a\\b', 'a\0b'])(
    'refuses %j',
    path => {
      expect(canonicalRepositoryPath(path)).toBeUndefined();
    },
  );
});

describe('joinRepositoryPath', () => {
  it.each([
    ['envs/dev', '../../base', 'base'],
    ['envs/dev', 'patch.yaml', 'envs/dev/patch.yaml'],
    ['.', 'base', 'base'],
    ['', 'base', 'base'],
    ['envs', '', 'envs'],
    ['envs', '..', '.'],
    ['a/b', 'c/../../d/', 'a/d'],
  ])('resolves %j + %j to %j', (base, relative, joined) => {
    expect(joinRepositoryPath(base, relative)).toBe(joined);
  });

  it.each([
    ['envs/dev', '../../../etc'],
    ['envs', '/etc/passwd'],
    ['envs', 'C:/x'],
    ['envs', 'a\\b'],
    ['envs', 'a\0b'],
    ['/abs', 'x'],
  ])('refuses %j + %j', (base, relative) => {
    expect(joinRepositoryPath(base, relative)).toBeUndefined();
  });
});
