import { ConflictError, InputError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalRepository,
  LocalTestRepository,
  pushTestCommit,
  testGit,
} from '../__testUtils__';
import { ConfigRepoWriter, ConfigRepoWriterOptions } from './ConfigRepoWriter';
import { GitCli } from './GitCli';
import { RepositoryCache } from './RepositoryCache';
import { WorkingTree } from './WorkingTree';

const author = { name: 'Jane Doe', email: 'jane@acme.invalid' };
const files = {
  'apps/payments/envs/dev/kustomization.yaml':
    'images:\n  - name: app\n    newTag: v1\n',
  'apps/payments/envs/dev/patch.yaml': 'kind: Patch\n',
  'apps/payments/envs/prod/kustomization.yaml':
    'images:\n  - name: app\n    newTag: v0\n',
};

describe('ConfigRepoWriter', () => {
  let repo: LocalTestRepository;
  let roots: string[];

  beforeEach(async () => {
    repo = await createLocalRepository(files);
    roots = [];
  });

  afterEach(async () => {
    await repo.close();
    await Promise.all(
      roots.map(root => fs.rm(root, { recursive: true, force: true })),
    );
  });

  async function createWriter(options: Partial<ConfigRepoWriterOptions> = {}) {
    const root = await fs.mkdtemp(join(tmpdir(), 'slipway-writer-test-'));
    roots.push(root);
    const git = new GitCli();
    const cache = await RepositoryCache.create({
      git,
      cacheDir: join(root, 'cache'),
    });
    return new ConfigRepoWriter({ git, cache, retryDelayMs: 20, ...options });
  }

  const remoteFile = (path: string, rev = 'main') =>
    testGit(['show', `${rev}:${path}`], { cwd: repo.path });
  const remoteHead = async () =>
    (await testGit(['rev-parse', 'main'], { cwd: repo.path })).trim();

  it('commits an edit on the branch head and pushes it', async () => {
    const writer = await createWriter();
    const before = await remoteHead();

    const result = await writer.commit({
      url: repo.url,
      edit: async tree => {
        const text = await tree.readText(
          'apps/payments/envs/dev/kustomization.yaml',
        );
        await tree.writeFile(
          'apps/payments/envs/dev/kustomization.yaml',
          text.replace('v1', 'v2'),
        );
      },
      author,
      message: 'Deploy payments v2 to dev',
      trailers: { 'Slipway-Operation': 'op-7' },
    });

    expect(result).toEqual({
      status: 'committed',
      branch: 'main',
      commit: await remoteHead(),
      previousHead: before,
      attempts: 1,
      diff: {
        files: [
          {
            path: 'apps/payments/envs/dev/kustomization.yaml',
            change: 'modified',
          },
        ],
        patch: expect.stringContaining('-    newTag: v1\n+    newTag: v2\n'),
      },
    });
    expect(
      await remoteFile('apps/payments/envs/dev/kustomization.yaml'),
    ).toContain('newTag: v2');
    const message = await testGit(
      ['log', '-1', '--format=%an <%ae>%n%B', 'main'],
      {
        cwd: repo.path,
      },
    );
    expect(message).toBe(
      'Jane Doe <jane@acme.invalid>\nDeploy payments v2 to dev\n\nSlipway-Operation: op-7\n\n',
    );
  });

  it('reports an edit that changes nothing, without an empty commit', async () => {
    const writer = await createWriter();
    const before = await remoteHead();

    const result = await writer.commit({
      url: repo.url,
      branch: 'main',
      edit: async tree => {
        const text = await tree.readText('apps/payments/envs/dev/patch.yaml');
        await tree.writeFile('apps/payments/envs/dev/patch.yaml', text);
      },
      author,
      message: 'No-op',
    });

    expect(result).toEqual({
      status: 'unchanged',
      branch: 'main',
      previousHead: before,
    });
    expect(await remoteHead()).toBe(before);
  });

  it('returns the diff of a dry run without committing or pushing', async () => {
    const writer = await createWriter();
    const before = await remoteHead();

    const result = await writer.commit({
      url: repo.url,
      edit: async tree => {
        await tree.writeFile('apps/payments/envs/dev/new.yaml', 'kind: New\n');
        await tree.remove('apps/payments/envs/dev/patch.yaml');
      },
      author,
      message: 'Dry run',
      dryRun: true,
    });

    expect(result).toEqual({
      status: 'dry-run',
      branch: 'main',
      previousHead: before,
      diff: {
        files: [
          { path: 'apps/payments/envs/dev/new.yaml', change: 'added' },
          { path: 'apps/payments/envs/dev/patch.yaml', change: 'deleted' },
        ],
        patch: expect.stringContaining('+kind: New'),
      },
    });
    expect(await remoteHead()).toBe(before);
  });

  it('re-applies the edit on the new head when the branch moved during the edit', async () => {
    const writer = await createWriter();
    let runs = 0;
    const heads: Array<string | undefined> = [];

    const result = await writer.commit({
      url: repo.url,
      edit: async tree => {
        runs += 1;
        heads.push(tree.head);
        if (runs === 1) {
          await pushTestCommit(repo.path, {
            'apps/payments/envs/prod/note.txt': 'race\n',
          });
        }
        await tree.writeFile(
          'apps/payments/envs/dev/version.txt',
          `run ${runs}\n`,
        );
      },
      author,
      message: 'Racing change',
    });

    expect(runs).toBe(2);
    expect(result.status).toBe('committed');
    expect(result.status === 'committed' && result.attempts).toBe(2);
    expect(heads[1]).not.toBe(heads[0]);
    expect(await remoteFile('apps/payments/envs/prod/note.txt')).toBe('race\n');
    expect(await remoteFile('apps/payments/envs/dev/version.txt')).toBe(
      'run 2\n',
    );
    const merges = await testGit(['rev-list', '--merges', 'main'], {
      cwd: repo.path,
    });
    expect(merges).toBe('');
  });

  it('gives up with a conflict after the configured number of retries', async () => {
    const writer = await createWriter({ maxRetries: 2 });
    let runs = 0;

    const error = await writer
      .commit({
        url: repo.url,
        edit: async tree => {
          runs += 1;
          await pushTestCommit(repo.path, { 'other.txt': `other ${runs}\n` });
          await tree.writeFile('mine.txt', 'mine\n');
        },
        author,
        message: 'Never lands',
      })
      .catch(e => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      `Could not push to branch main of ${repo.url}: it kept moving`,
    );
    expect(error.message).toContain('gave up after 3 attempts');
    expect(runs).toBe(3);
    await expect(remoteFile('mine.txt')).rejects.toThrow();
  });

  it('pushes a change to a new branch for a pull request', async () => {
    const writer = await createWriter();
    const base = await remoteHead();

    const result = await writer.commitToNewBranch({
      url: repo.url,
      branch: 'main',
      newBranch: 'slipway/deploy-payments-prod',
      edit: tree =>
        tree.writeFile(
          'apps/payments/envs/prod/kustomization.yaml',
          'images: []\n',
        ),
      author,
      message: 'Deploy payments to production',
    });

    expect(result).toMatchObject({
      status: 'committed',
      branch: 'slipway/deploy-payments-prod',
      previousHead: base,
    });
    expect(await remoteHead()).toBe(base);
    expect(
      await remoteFile(
        'apps/payments/envs/prod/kustomization.yaml',
        'slipway/deploy-payments-prod',
      ),
    ).toBe('images: []\n');

    await expect(
      writer.commitToNewBranch({
        url: repo.url,
        newBranch: 'slipway/deploy-payments-prod',
        edit: tree => tree.writeFile('x.txt', 'x\n'),
        author,
        message: 'Again',
      }),
    ).rejects.toThrow(
      `Branch slipway/deploy-payments-prod already exists in ${repo.url}`,
    );
  });

  it('restores a folder as it was at an earlier revision, as a new commit', async () => {
    const writer = await createWriter();
    const original = await remoteHead();
    await pushTestCommit(repo.path, {
      'apps/payments/envs/dev/kustomization.yaml':
        'images:\n  - name: app\n    newTag: v9\n',
      'apps/payments/envs/dev/extra.yaml': 'kind: Extra\n',
      'apps/payments/envs/dev/patch.yaml': null,
      'apps/payments/envs/prod/kustomization.yaml': 'prod changed\n',
    });
    const before = await remoteHead();

    const result = await writer.restore({
      url: repo.url,
      path: 'apps/payments/envs/dev',
      revision: original,
      author,
      message: 'Roll back payments in dev',
    });

    expect(result).toMatchObject({ status: 'committed', previousHead: before });
    expect(result.status === 'committed' && result.diff.files).toEqual([
      { path: 'apps/payments/envs/dev/extra.yaml', change: 'deleted' },
      { path: 'apps/payments/envs/dev/kustomization.yaml', change: 'modified' },
      { path: 'apps/payments/envs/dev/patch.yaml', change: 'added' },
    ]);
    expect(await remoteFile('apps/payments/envs/dev/kustomization.yaml')).toBe(
      files['apps/payments/envs/dev/kustomization.yaml'],
    );
    expect(await remoteFile('apps/payments/envs/prod/kustomization.yaml')).toBe(
      'prod changed\n',
    );
    const parents = await testGit(['rev-list', '--parents', '-1', 'main'], {
      cwd: repo.path,
    });
    expect(parents.trim().split(' ')[1]).toBe(before);
  });

  it('restoring a folder that did not exist then deletes it', async () => {
    const writer = await createWriter();
    const original = await remoteHead();
    await pushTestCommit(repo.path, {
      'apps/payments/envs/qa/kustomization.yaml': 'qa\n',
    });

    const result = await writer.restore({
      url: repo.url,
      path: 'apps/payments/envs/qa',
      revision: original,
      author,
      message: 'Remove qa',
    });

    expect(result.status === 'committed' && result.diff.files).toEqual([
      { path: 'apps/payments/envs/qa/kustomization.yaml', change: 'deleted' },
    ]);
  });

  it('refuses paths that leave the repository before writing anything', async () => {
    const writer = await createWriter();
    const before = await remoteHead();
    const attempt = (edit: Parameters<ConfigRepoWriter['commit']>[0]['edit']) =>
      writer.commit({ url: repo.url, edit, author, message: 'Escape' });

    await expect(
      attempt(tree => tree.writeFile('../outside.txt', 'x')),
    ).rejects.toThrow(
      new InputError(
        'Refusing path "../outside.txt": it escapes the repository with ".."',
      ),
    );
    await expect(
      attempt(tree => tree.writeFile('/outside.txt', 'x')),
    ).rejects.toThrow('is absolute');
    await expect(
      attempt(tree => tree.writeFile('.git/config', 'x')),
    ).rejects.toThrow('it reaches into .git');
    await expect(attempt(tree => tree.remove(''))).rejects.toThrow(
      'Refusing to remove the repository root',
    );
    expect(await remoteHead()).toBe(before);
  });

  it('refuses to write through a symbolic link', async () => {
    const outside = await fs.mkdtemp(join(tmpdir(), 'slipway-outside-'));
    roots.push(outside);
    await pushTestCommit(repo.path, { 'apps/link': { symlink: outside } });
    const writer = await createWriter();

    await expect(
      writer.commit({
        url: repo.url,
        edit: tree => tree.writeFile('apps/link/evil.txt', 'x'),
        author,
        message: 'Through a link',
      }),
    ).rejects.toThrow(
      'Refusing to write apps/link/evil.txt: apps/link is a symbolic link',
    );
    await expect(
      writer.commit({
        url: repo.url,
        edit: async tree => {
          await tree.readFile('apps/link');
        },
        author,
        message: 'Read through a link',
      }),
    ).rejects.toThrow('a symbolic link leads outside the repository');
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('seeds an empty repository when asked to create the branch', async () => {
    const root = await fs.mkdtemp(join(tmpdir(), 'slipway-empty-'));
    roots.push(root);
    await testGit(['init', '--quiet', '--bare', join(root, 'empty.git')]);
    const url = `file://${join(root, 'empty.git')}`;
    const writer = await createWriter();

    await expect(
      writer.commit({
        url,
        branch: 'main',
        edit: () => {},
        author,
        message: 'Seed',
      }),
    ).rejects.toThrow(`Branch main not found in ${url}`);
    const result = await writer.commit({
      url,
      branch: 'main',
      createBranchIfMissing: true,
      edit: tree => tree.writeFile('README.md', '# seeded\n'),
      author,
      message: 'Seed',
    });

    expect(result).toMatchObject({
      status: 'committed',
      previousHead: undefined,
    });
    expect(
      await testGit(['show', 'main:README.md'], {
        cwd: join(root, 'empty.git'),
      }),
    ).toBe('# seeded\n');
  });

  it('starts from a known head without fetching, and fetches when it is stale', async () => {
    const commands: string[] = [];
    class RecordingGitCli extends GitCli {
      override run(...args: Parameters<GitCli['run']>) {
        commands.push(args[0][0]);
        return super.run(...args);
      }
    }
    const root = await fs.mkdtemp(join(tmpdir(), 'slipway-writer-test-'));
    roots.push(root);
    const git = new RecordingGitCli();
    const cache = await RepositoryCache.create({
      git,
      cacheDir: join(root, 'cache'),
    });
    const writer = new ConfigRepoWriter({ git, cache, retryDelayMs: 20 });
    const bump = (tag: string) => async (tree: WorkingTree) => {
      const path = 'apps/payments/envs/dev/kustomization.yaml';
      const text = await tree.readText(path);
      await tree.writeFile(path, text.replace(/newTag: \S+/, `newTag: ${tag}`));
    };
    const head = await cache.resolveRevision(repo.url, 'main');
    // As a caller that has just read the head has: the cache knows it.
    await cache.resolveRevision(repo.url, head);
    commands.length = 0;

    const first = await writer.commit({
      url: repo.url,
      branch: 'main',
      edit: bump('v2'),
      author,
      message: 'Known head',
      knownHead: head,
    });

    expect(first).toMatchObject({
      status: 'committed',
      previousHead: head,
      attempts: 1,
    });
    // Nothing checked out, nothing fetched: the folders to the file and
    // the file, the new objects, the commit, the push, the diff, and the
    // cache's branch moved to the commit.
    expect([...commands].sort()).toEqual(
      [
        'cat-file',
        'unpack-objects',
        'commit-tree',
        'push',
        'diff',
        'diff',
        'update-ref',
      ].sort(),
    );

    await pushTestCommit(repo.path, {
      'apps/payments/envs/prod/note.txt': 'x',
    });
    const second = await writer.commit({
      url: repo.url,
      branch: 'main',
      edit: bump('v3'),
      author,
      message: 'Stale known head',
      knownHead: first.status === 'committed' ? first.commit : '',
    });

    expect(second).toMatchObject({ status: 'committed', attempts: 2 });
    expect(
      await remoteFile('apps/payments/envs/dev/kustomization.yaml'),
    ).toContain('newTag: v3');
    expect(await remoteFile('apps/payments/envs/prod/note.txt')).toBe('x');
    await expect(
      writer.commit({
        url: repo.url,
        edit: bump('v4'),
        author,
        message: 'Not a SHA',
        knownHead: 'main',
      }),
    ).rejects.toThrow(
      new InputError('The known head "main" is not a full commit SHA'),
    );
  });

  it('keeps a file executable and a new file regular, and drops folders an edit empties', async () => {
    const work = await fs.mkdtemp(join(tmpdir(), 'slipway-exec-'));
    roots.push(work);
    await testGit(['clone', '--quiet', repo.path, work]);
    await fs.mkdir(join(work, 'scripts'));
    await fs.writeFile(join(work, 'scripts/check.sh'), '#!/bin/sh\n', {
      mode: 0o755,
    });
    await testGit(['add', '--all'], { cwd: work });
    await testGit(['commit', '--quiet', '-m', 'script'], { cwd: work });
    await testGit(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: work });
    const writer = await createWriter();

    const result = await writer.commit({
      url: repo.url,
      edit: async tree => {
        await tree.writeFile('scripts/check.sh', '#!/bin/sh\nexit 0\n');
        await tree.writeFile('scripts/new.sh', '#!/bin/sh\n');
        await tree.remove('apps/payments/envs/prod/kustomization.yaml');
      },
      author,
      message: 'Scripts',
    });

    expect(result.status === 'committed' && result.diff.files).toEqual([
      {
        path: 'apps/payments/envs/prod/kustomization.yaml',
        change: 'deleted',
      },
      { path: 'scripts/check.sh', change: 'modified' },
      { path: 'scripts/new.sh', change: 'added' },
    ]);
    expect(
      await testGit(['ls-tree', '-r', 'main', '--', 'scripts', 'apps'], {
        cwd: repo.path,
      }),
    ).toMatch(
      /^100644 blob \w+\tapps\/payments\/envs\/dev\/kustomization\.yaml\n100644 blob \w+\tapps\/payments\/envs\/dev\/patch\.yaml\n100755 blob \w+\tscripts\/check\.sh\n100644 blob \w+\tscripts\/new\.sh\n$/,
    );
  });

  it('lands 20 concurrent commits from separate writers with linear history', async () => {
    const before = await remoteHead();
    const writers = await Promise.all(
      Array.from({ length: 20 }, () => createWriter({ retryDelayMs: 100 })),
    );

    const results = await Promise.all(
      writers.map((writer, index) =>
        writer.commit({
          url: repo.url,
          edit: tree =>
            tree.writeFile(`apps/app-${index}/version.txt`, `${index}\n`),
          author,
          message: `Change ${index}`,
        }),
      ),
    );

    expect(results.every(r => r.status === 'committed')).toBe(true);
    const commits = (
      await testGit(['rev-list', `${before}..main`], { cwd: repo.path })
    )
      .trim()
      .split('\n');
    expect(commits).toHaveLength(20);
    expect(
      await testGit(['rev-list', '--merges', 'main'], { cwd: repo.path }),
    ).toBe('');
    for (let index = 0; index < 20; index++) {
      expect(await remoteFile(`apps/app-${index}/version.txt`)).toBe(
        `${index}\n`,
      );
    }
  }, 120_000);
});
