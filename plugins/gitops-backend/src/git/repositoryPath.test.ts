import { InputError } from '@backstage/errors';
import {
  isWithin,
  normalizeRepositoryPath,
  parentPath,
  resolveSymlinkTarget,
} from './repositoryPath';

describe('normalizeRepositoryPath', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['./', ''],
    ['envs/dev', 'envs/dev'],
    ['./envs//dev/', 'envs/dev'],
    ['.github/workflows', '.github/workflows'],
  ])('turns %j into %j', (path, normalized) => {
    expect(normalizeRepositoryPath(path)).toBe(normalized);
  });

  it.each([
    [
      '../outside.txt',
      'Refusing path "../outside.txt": it escapes the repository with ".."',
    ],
    ['a/../b', 'Refusing path "a/../b": it escapes the repository with ".."'],
    [
      '/etc/passwd',
      'Refusing path "/etc/passwd": it is absolute; give a path relative to the repository root',
    ],
    [
      'a\\b',
      'Refusing path "a\\b": it contains a backslash; use forward slashes',
    ],
    ['.git/config', 'Refusing path ".git/config": it reaches into .git'],
    ['sub/.GIT', 'Refusing path "sub/.GIT": it reaches into .git'],
  ])('refuses %j', (path, message) => {
    expect(() => normalizeRepositoryPath(path)).toThrow(
      new InputError(message),
    );
  });
});

describe('resolveSymlinkTarget', () => {
  it.each([
    ['envs/dev/base', '../../base', 'base'],
    ['link', 'target', 'target'],
    ['a/link', '.', 'a'],
    ['a/link', '..', ''],
    ['a/link', 'b/', 'a/b'],
  ])('resolves %j -> %j to %j', (link, target, resolved) => {
    expect(resolveSymlinkTarget(link, target)).toBe(resolved);
  });

  it.each([
    ['link', '../outside'],
    ['a/link', '../../outside'],
    ['link', '/etc/passwd'],
    ['link', 'C:/x'],
    ['link', 'a\\b'],
  ])('refuses %j -> %j', (link, target) => {
    expect(resolveSymlinkTarget(link, target)).toBeUndefined();
  });
});

describe('parentPath and isWithin', () => {
  it('reads folders with the root as ""', () => {
    expect(parentPath('a/b/c')).toBe('a/b');
    expect(parentPath('a')).toBe('');
    expect(isWithin('a/b', '')).toBe(true);
    expect(isWithin('a/b', 'a')).toBe(true);
    expect(isWithin('a', 'a')).toBe(true);
    expect(isWithin('ab', 'a')).toBe(false);
  });
});
