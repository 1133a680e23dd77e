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
import { GitCommandError } from './GitCommandError';
import { RepositoryCache } from './RepositoryCache';

const files = {
  'README.md': '# config\n',
  'apps/payments/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'apps/payments/base/deployment.yaml': 'kind: Deployment\n',
  'apps/payments/envs/dev/kustomization.yaml':
    'resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/payments\n    newTag: v1\n',
  'apps/payments/envs/dev/base': { symlink: '../../base' },
  'apps/payments/envs/dev/readme': { symlink: '../../../../README.md' },
};

describe.each([
  ['reading whole commits into memory', undefined],
  ['reading folder by folder', 0],
])('RepositoryCache, %s', (_mode, eagerCommitBytes) => {
  let repo: LocalTestRepository;
  let cacheDir: string;
  let cache: RepositoryCache;

  beforeEach(async () => {
    repo = await createLocalRepository(files);
    cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-test-'));
    cache = await RepositoryCache.create({
      git: new GitCli(),
      cacheDir,
      eagerCommitBytes,
    });
  });

  afterEach(async () => {
    await repo.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('resolves the default branch and a named branch without fetching', async () => {
    const head = (
      await testGit(['rev-parse', 'main'], { cwd: repo.path })
    ).trim();

    await expect(cache.lsRemote(repo.url)).resolves.toEqual({
      branch: 'main',
      revision: head,
    });
    await expect(cache.lsRemote(repo.url, 'main')).resolves.toEqual({
      branch: 'main',
      revision: head,
    });
    await expect(cache.lsRemote(repo.url, 'nope')).rejects.toThrow(
      `Branch nope not found in ${repo.url}`,
    );
    // ls-remote alone created nothing on disk.
    await expect(fs.readdir(cacheDir)).resolves.toEqual([]);
  });

  it('keeps one bare repository per URL and fetches instead of cloning again', async () => {
    const first = await cache.resolveBranch(repo.url);
    const entries = await fs.readdir(cacheDir);
    expect(entries).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.git$/)]);

    const moved = await pushTestCommit(repo.path, { 'README.md': '# moved\n' });
    const second = await cache.resolveBranch(repo.url, 'main');

    expect(second.revision).toBe(moved);
    expect(second.revision).not.toBe(first.revision);
    expect(await fs.readdir(cacheDir)).toEqual(entries);
    const snapshot = await cache.readTree(repo.url, moved, '');
    expect((await snapshot.readFile('README.md')).toString()).toBe('# moved\n');
  });

  it('reads the files of a folder at a revision', async () => {
    const { revision } = await cache.resolveBranch(repo.url);
    const snapshot = await cache.readTree(
      repo.url,
      revision,
      'apps/payments/envs/dev',
    );

    expect(snapshot.revision).toBe(revision);
    await expect(
      snapshot.readDirectory('apps/payments/envs/dev'),
    ).resolves.toEqual([
      { name: 'base', type: 'symlink' },
      { name: 'kustomization.yaml', type: 'file' },
      { name: 'readme', type: 'symlink' },
    ]);
    expect(
      (
        await snapshot.readFile('apps/payments/envs/dev/kustomization.yaml')
      ).toString(),
    ).toContain('newTag: v1');
    // Outside the folder: loaded on demand, as a renderer following ../../base needs.
    expect(
      (
        await snapshot.readFile('apps/payments/base/deployment.yaml')
      ).toString(),
    ).toBe('kind: Deployment\n');
    await expect(snapshot.readDirectory('apps/payments')).resolves.toEqual([
      { name: 'base', type: 'directory' },
      { name: 'envs', type: 'directory' },
    ]);
    // Symlinks inside the repository are followed when reading.
    expect(
      (
        await snapshot.readFile('apps/payments/envs/dev/base/deployment.yaml')
      ).toString(),
    ).toBe('kind: Deployment\n');
    expect(
      (await snapshot.readFile('apps/payments/envs/dev/readme')).toString(),
    ).toBe('# config\n');
    await expect(snapshot.stat('apps/payments/envs/dev/base')).resolves.toEqual(
      {
        name: 'base',
        type: 'symlink',
      },
    );
    await expect(
      snapshot.stat('apps/payments/envs/prod'),
    ).resolves.toBeUndefined();
    await expect(
      snapshot.readFile('apps/payments/envs/dev/missing.yaml'),
    ).rejects.toThrow(
      'apps/payments/envs/dev/missing.yaml does not exist at revision',
    );
    await expect(snapshot.readFile('../etc/passwd')).rejects.toThrow(
      'Refusing path "../etc/passwd": it escapes the repository',
    );
    await expect(snapshot.readFile('/etc/passwd')).rejects.toThrow(
      'is absolute',
    );
  });

  it('returns the same snapshot for the same commit and folder', async () => {
    const { revision } = await cache.resolveBranch(repo.url);
    const first = await cache.readTree(repo.url, revision, 'apps');
    const second = await cache.readTree(repo.url, revision, 'apps/');
    expect(second).toBe(first);
  });

  it('refuses a symlink that points outside the repository', async () => {
    const sha = await pushTestCommit(repo.path, {
      'apps/payments/envs/dev/secret': { symlink: '../../../../../etc/passwd' },
    });
    await cache.fetch(repo.url);

    await expect(
      cache.readTree(repo.url, sha, 'apps/payments'),
    ).rejects.toThrow(
      'Refusing symbolic link apps/payments/envs/dev/secret: it points outside the repository (../../../../../etc/passwd)',
    );
    const absolute = await pushTestCommit(repo.path, {
      'apps/payments/envs/dev/secret': { symlink: '/etc/passwd' },
    });
    await expect(cache.readTree(repo.url, absolute, '')).rejects.toThrow(
      'it points outside the repository (/etc/passwd)',
    );
    // A folder without the link is still readable.
    const base = await cache.readTree(repo.url, absolute, 'apps/payments/base');
    await expect(
      base.readDirectory('apps/payments/base'),
    ).resolves.toHaveLength(2);
  });

  it('lists the commits that touched a path, with trailers and paging', async () => {
    await pushTestCommit(
      repo.path,
      { 'apps/payments/envs/dev/kustomization.yaml': 'images: []\n' },
      'Deploy payments v2 to dev\n\nRequested by jane.\n\nSlipway-Operation: op-1\nCo-authored-by: Bot <bot@x.invalid>',
    );
    await pushTestCommit(repo.path, { 'README.md': 'other\n' }, 'Unrelated');
    const { revision } = await cache.resolveBranch(repo.url);

    const commits = await cache.log(
      repo.url,
      revision,
      'apps/payments/envs/dev',
    );

    expect(commits).toHaveLength(2);
    expect(commits[0]).toEqual({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      parents: [expect.stringMatching(/^[0-9a-f]{40}$/)],
      author: { name: 'Slipway Test', email: 'test@slipway.invalid' },
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      subject: 'Deploy payments v2 to dev',
      body: 'Requested by jane.',
      trailers: [
        { key: 'Slipway-Operation', value: 'op-1' },
        { key: 'Co-authored-by', value: 'Bot <bot@x.invalid>' },
      ],
    });
    expect(commits[1].subject).toBe('Initial commit');
    expect(commits[1].parents).toEqual([]);

    const page = await cache.log(repo.url, revision, 'apps/payments/envs/dev', {
      limit: 1,
      skip: 1,
    });
    expect(page.map(c => c.sha)).toEqual([commits[1].sha]);
    expect(await cache.log(repo.url, revision, '')).toHaveLength(3);
  });

  it('shows one file at a revision', async () => {
    const { revision } = await cache.resolveBranch(repo.url);
    const content = await cache.showFile(
      repo.url,
      revision,
      'apps/payments/base/deployment.yaml',
    );
    expect(content.toString()).toBe('kind: Deployment\n');
    await expect(
      cache.showFile(repo.url, revision, 'nope.yaml'),
    ).rejects.toThrow('nope.yaml does not exist at revision');
  });

  it('fetches a revision it does not know yet, and names a missing one', async () => {
    await cache.fetch(repo.url);
    const later = await pushTestCommit(repo.path, { 'new.txt': 'new\n' });

    const snapshot = await cache.readTree(repo.url, later, '');
    expect((await snapshot.readFile('new.txt')).toString()).toBe('new\n');
    await expect(cache.readTree(repo.url, 'f'.repeat(40), '')).rejects.toThrow(
      `Revision ${'f'.repeat(40)} not found in ${repo.url}`,
    );
    await expect(cache.readTree(repo.url, '--output=x', '')).rejects.toThrow(
      'Invalid Git revision "--output=x"',
    );
  });

  it('names the URL when a repository cannot be reached', async () => {
    const missing = `${repo.url}-missing`;
    const error = await cache.fetch(missing).catch(e => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(`Git repository ${missing} was not found`);

    const refused = await cache
      .lsRemote('http://127.0.0.1:9/config.git')
      .catch(e => e);
    expect(refused.kind).toBe('unreachable');
    expect(refused.message).toContain(
      'Cannot reach Git repository http://127.0.0.1:9/config.git',
    );
  });

  it('refuses URLs that git would treat as commands or options', async () => {
    await expect(cache.fetch('ext::sh -c id')).rejects.toThrow(
      'Invalid repository URL',
    );
    await expect(cache.lsRemote('--upload-pack=touch')).rejects.toThrow(
      'Invalid repository URL',
    );
  });

  it('serves many readers of one repository at once', async () => {
    const { revision } = await cache.resolveBranch(repo.url);
    const reads = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 10 === 0
          ? cache.fetch(repo.url).then(() => 'fetched')
          : cache
              .readTree(
                repo.url,
                revision,
                i % 2 ? 'apps/payments/base' : 'apps/payments/envs',
              )
              .then(s => s.revision),
      ),
    );
    expect(reads.filter(r => r === revision)).toHaveLength(27);
  });
});

describe('RepositoryCache, across commits', () => {
  it('reads from git only the blobs a new commit added', async () => {
    const repo = await createLocalRepository(files);
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-test-'));
    const git = new GitCli();
    const run = jest.spyOn(git, 'run');
    const blobReads = () =>
      run.mock.calls
        .filter(([args]) => args[0] === 'cat-file')
        .map(([, options]) =>
          String(options?.input ?? '')
            .trim()
            .split('\n'),
        );
    try {
      const cache = await RepositoryCache.create({ git, cacheDir });
      const first = (await cache.resolveBranch(repo.url)).revision;
      await cache.readTree(repo.url, first, 'apps/payments/envs/dev');
      expect(blobReads()).toHaveLength(1);
      expect(blobReads()[0].length).toBeGreaterThan(3);

      const changed =
        'resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/payments\n    newTag: v2\n';
      await pushTestCommit(repo.path, {
        'apps/payments/envs/dev/kustomization.yaml': changed,
      });
      const second = (await cache.resolveBranch(repo.url)).revision;
      const snapshot = await cache.readTree(
        repo.url,
        second,
        'apps/payments/envs/dev',
      );

      expect(blobReads()).toHaveLength(2);
      expect(blobReads()[1]).toHaveLength(1);
      expect(
        (
          await snapshot.readFile('apps/payments/envs/dev/kustomization.yaml')
        ).toString(),
      ).toBe(changed);
      expect(
        (
          await snapshot.readFile('apps/payments/base/deployment.yaml')
        ).toString(),
      ).toBe('kind: Deployment\n');
    } finally {
      run.mockRestore();
      await repo.close();
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('reads a new commit as a fresh copy would, from the commit before and the changes between them', async () => {
    const repo = await createLocalRepository({
      ...files,
      'apps/orders/base/deployment.yaml': 'kind: Deployment\n',
      'apps/orders/base/service.yaml': 'kind: Service\n',
      'apps/orders/envs/dev/kustomization.yaml': 'resources: [../../base]\n',
      'notes/todo': 'a file that becomes a folder\n',
      'shared/same.yaml': 'kind: Same\n',
      'shared/copy.yaml': 'kind: Same\n',
    });
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-test-'));
    const git = new GitCli();
    const run = jest.spyOn(git, 'run');
    /** Every path of a snapshot, with its type and content. */
    const walk = async (
      snapshot: Awaited<ReturnType<RepositoryCache['readTree']>>,
      folder = '',
    ): Promise<string[]> => {
      const lines: string[] = [];
      for (const entry of await snapshot.readDirectory(folder)) {
        const path = folder ? `${folder}/${entry.name}` : entry.name;
        if (entry.type === 'directory') {
          lines.push(`${path}/`, ...(await walk(snapshot, path)));
        } else {
          const content = await snapshot
            .readFile(path)
            .then(String, error => `(${error.message})`);
          lines.push(`${path} ${entry.type} ${content}`);
        }
      }
      return lines;
    };
    try {
      const cache = await RepositoryCache.create({ git, cacheDir });
      const first = (await cache.resolveBranch(repo.url)).revision;
      await cache.readTree(repo.url, first, '');
      const fullListings = () =>
        run.mock.calls.filter(([args]) => args[0] === 'ls-tree').length;
      expect(fullListings()).toBe(1);

      await pushTestCommit(repo.path, {
        // modified, added in a new folder, a folder deleted with its files
        'apps/payments/envs/dev/kustomization.yaml':
          'resources: [../../base]\n',
        'apps/billing/envs/prod/kustomization.yaml': 'namespace: billing\n',
        'apps/orders': null,
        // a file that becomes a folder, a symlink that becomes a file
        'notes/todo': null,
        'notes/todo/first.md': '- one\n',
        'apps/payments/envs/dev/readme': 'no longer a link\n',
        // one of two paths with the same content goes
        'shared/copy.yaml': null,
      });
      const second = (await cache.resolveBranch(repo.url)).revision;
      const derived = await walk(await cache.readTree(repo.url, second, ''));
      expect(fullListings()).toBe(1);
      expect(run.mock.calls.some(([args]) => args[0] === 'diff-tree')).toBe(
        true,
      );

      const freshDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-test-'));
      try {
        const fresh = await RepositoryCache.create({
          git: new GitCli(),
          cacheDir: freshDir,
        });
        expect(derived).toEqual(
          await walk(await fresh.readTree(repo.url, second, '')),
        );
      } finally {
        await fs.rm(freshDir, { recursive: true, force: true });
      }
      expect(derived).toContain('notes/todo/first.md file - one\n');
      expect(derived).toContain('shared/same.yaml file kind: Same\n');
      expect(derived.some(line => line.startsWith('apps/orders'))).toBe(false);
    } finally {
      run.mockRestore();
      await repo.close();
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('keeps the commits of each repository, however many repositories are read in turn', async () => {
    const repos = await Promise.all(
      [1, 2, 3].map(() => createLocalRepository(files)),
    );
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-cache-test-'));
    const git = new GitCli();
    const run = jest.spyOn(git, 'run');
    try {
      const cache = await RepositoryCache.create({ git, cacheDir });
      for (const path of ['apps/payments/envs/dev', 'apps/payments/base']) {
        for (const repo of repos) {
          const { revision } = await cache.resolveBranch(repo.url);
          await cache.readTree(repo.url, revision, path);
        }
      }
      // One listing per repository: none was evicted by the others'.
      expect(
        run.mock.calls.filter(([args]) => args[0] === 'ls-tree'),
      ).toHaveLength(3);
    } finally {
      run.mockRestore();
      await Promise.all(repos.map(repo => repo.close()));
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });
});
