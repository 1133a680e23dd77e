import * as childProcess from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalRepository,
  LocalTestRepository,
  pushTestCommit,
} from '../__testUtils__';
import { GitCli } from './GitCli';
import { RepositoryCache } from './RepositoryCache';

jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  return { ...actual, spawn: jest.fn(actual.spawn) };
});

const spawn = childProcess.spawn as unknown as jest.Mock;

/** The git subcommands this process started, in order. */
function gitSubcommands(): string[] {
  return spawn.mock.calls
    .filter(([command]) => command === 'git')
    .map(([, args]) => (args as string[]).find(arg => !arg.startsWith('-'))!);
}

/*
 * With one config repository per service, a pass over a thousand services
 * reads a thousand repositories: every git process per repository counts.
 */
describe('RepositoryCache git processes', () => {
  let repo: LocalTestRepository;
  let cacheDir: string;

  beforeEach(async () => {
    repo = await createLocalRepository({
      'base/kustomization.yaml': 'resources: []\n',
      'envs/dev/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-processes-'));
  });

  afterEach(async () => {
    await repo.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('reads a repository it has not cached with a clone, a rev-parse, an ls-tree and a cat-file', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    const { revision } = await cache.lsRemote(repo.url, 'main');
    spawn.mockClear();

    const snapshot = await cache.readTree(repo.url, revision, 'envs/dev');

    expect(
      (await snapshot.readFile('envs/dev/kustomization.yaml')).toString(),
    ).toContain('../../base');
    expect(gitSubcommands()).toEqual([
      'clone',
      'rev-parse',
      'ls-tree',
      'cat-file',
    ]);
    // Which URL the folder caches is written down without a git config call.
    expect(
      await fs.readFile(
        join(cache.directoryFor(repo.url), 'description'),
        'utf8',
      ),
    ).toBe(`${repo.url}\n`);
  });

  it('reads the next commit with a fetch, a diff-tree and one cat-file for what changed', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    const first = await cache.lsRemote(repo.url, 'main');
    await cache.readTree(repo.url, first.revision, 'envs/dev');
    await pushTestCommit(repo.path, {
      'envs/dev/kustomization.yaml': 'resources:\n  - ../../base\n# v2\n',
    });
    const second = await cache.lsRemote(repo.url, 'main');
    spawn.mockClear();

    const snapshot = await cache.readTree(
      repo.url,
      second.revision,
      'envs/dev',
    );

    expect(
      (await snapshot.readFile('envs/dev/kustomization.yaml')).toString(),
    ).toContain('# v2');
    expect(gitSubcommands()).toEqual([
      'rev-parse',
      'fetch',
      'rev-parse',
      'diff-tree',
      'cat-file',
    ]);
  });

  it('creates a repository it is asked to write to empty, and fetches into it', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    await cache.withRepository(repo.url, 'read', async () => {});
    const { revision } = await cache.lsRemote(repo.url, 'main');
    spawn.mockClear();

    await cache.readTree(repo.url, revision, 'envs/dev');

    expect(gitSubcommands()).toEqual([
      'fetch',
      'rev-parse',
      'ls-tree',
      'cat-file',
    ]);
  });
});
