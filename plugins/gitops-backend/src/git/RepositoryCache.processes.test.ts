import * as childProcess from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalRepository,
  LocalTestRepository,
  pushTestCommit,
  testGit,
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

  it('reads a repository it has not cached with a clone, an ls-tree and a cat-file', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    const { revision } = await cache.lsRemote(repo.url, 'main');
    spawn.mockClear();

    const snapshot = await cache.readTree(repo.url, revision, 'envs/dev');

    expect(
      (await snapshot.readFile('envs/dev/kustomization.yaml')).toString(),
    ).toContain('../../base');
    expect(gitSubcommands()).toEqual(['clone', 'ls-tree', 'cat-file']);
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
      'diff-tree',
      'cat-file',
    ]);
  });

  it('asks again, and says the commit is gone, when a branch head it was told of was forced away before the fetch', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    const initial = (
      await testGit(['rev-parse', 'main'], { cwd: repo.path })
    ).trim();
    const gone = await pushTestCommit(repo.path, { 'extra.txt': 'x\n' });
    expect((await cache.lsRemote(repo.url, 'main')).revision).toBe(gone);
    await testGit(['update-ref', 'refs/heads/main', initial], {
      cwd: repo.path,
    });

    await expect(cache.readTree(repo.url, gone, 'envs/dev')).rejects.toThrow(
      /git ls-tree .* failed/,
    );
    await expect(cache.readTree(repo.url, gone, 'envs/dev')).rejects.toThrow(
      `Revision ${gone} not found in ${repo.url}`,
    );
  });

  it('creates a repository it is asked to write to empty, and fetches into it', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    await cache.withRepository(repo.url, 'read', async () => {});
    const { revision } = await cache.lsRemote(repo.url, 'main');
    spawn.mockClear();

    await cache.readTree(repo.url, revision, 'envs/dev');

    expect(gitSubcommands()).toEqual(['fetch', 'ls-tree', 'cat-file']);
  });
});
