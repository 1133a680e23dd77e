import { InputError, NotFoundError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalRepository,
  LocalTestRepository,
  pushTestCommit,
  testGit,
  TestRepositoryFiles,
} from '../__testUtils__';
import { GitCli } from './GitCli';
import { formatPack, parseCatFileBatchOutput } from './gitObjects';
import { ObjectWorkingTree } from './ObjectWorkingTree';

const files: TestRepositoryFiles = {
  'apps/payments/envs/dev/kustomization.yaml':
    'images:\n  - name: app\n    newTag: v1\n',
  'apps/payments/envs/dev/patch.yaml': 'kind: Patch\n',
  'apps/payments/envs/prod/kustomization.yaml': 'prod\n',
  'apps/payments/base/deployment.yaml': 'kind: Deployment\n',
  'apps/linked': { symlink: 'payments/envs' },
  'apps/outside': { symlink: '../../etc' },
  'loop/a': { symlink: 'b' },
  'loop/b': { symlink: 'a' },
  'README.md': '# config\n',
};

describe('ObjectWorkingTree', () => {
  const git = new GitCli();
  let repo: LocalTestRepository;
  let head: string;
  let reads: string[][];

  beforeAll(async () => {
    repo = await createLocalRepository(files);
    head = (await testGit(['rev-parse', 'main'], { cwd: repo.path })).trim();
  });

  afterAll(() => repo.close());

  beforeEach(() => {
    reads = [];
  });

  const read = async (names: string[]) => {
    reads.push(names);
    const { stdout } = await git.run(['cat-file', '--batch'], {
      gitDir: repo.path,
      input: `${names.join('\n')}\n`,
    });
    return parseCatFileBatchOutput(stdout, names.length);
  };

  const treeAt = (commit: string | undefined = head) =>
    new ObjectWorkingTree(commit, read);

  /** Writes a built tree's objects and lists it as `git ls-tree -r` does. */
  async function listBuilt(tree: ObjectWorkingTree) {
    const built = tree.build();
    if (!built) {
      return undefined;
    }
    await git.run(['unpack-objects', '-q', '--strict'], {
      gitDir: repo.path,
      input: formatPack(built.objects, 'sha1'),
    });
    return testGit(['ls-tree', '-r', '--name-only', built.tree], {
      cwd: repo.path,
    });
  }

  it('reads files, folders and entries of the head', async () => {
    const tree = treeAt();

    expect(tree.head).toBe(head);
    expect(
      await tree.readText('apps/payments/envs/dev/kustomization.yaml'),
    ).toContain('newTag: v1');
    expect(await tree.readDirectory('apps')).toEqual([
      { name: 'linked', type: 'symlink' },
      { name: 'outside', type: 'symlink' },
      { name: 'payments', type: 'directory' },
    ]);
    expect(await tree.stat('apps/payments/envs')).toEqual({
      name: 'envs',
      type: 'directory',
    });
    expect(await tree.stat('README.md')).toEqual({
      name: 'README.md',
      type: 'file',
    });
    expect(await tree.stat('')).toEqual({ name: '', type: 'directory' });
    expect(await tree.stat('apps/nothing')).toBeUndefined();
    expect(await tree.stat('README.md/below')).toBeUndefined();
  });

  it('refuses what cannot be read, with the reason', async () => {
    const tree = treeAt();

    await expect(tree.readFile('apps/missing.yaml')).rejects.toThrow(
      new NotFoundError('apps/missing.yaml does not exist in the working tree'),
    );
    await expect(tree.readFile('apps/payments')).rejects.toThrow(
      new InputError('apps/payments is a directory, not a file'),
    );
    await expect(tree.readDirectory('README.md')).rejects.toThrow(
      new InputError('README.md is not a directory'),
    );
    await expect(tree.readDirectory('nothing')).rejects.toThrow(NotFoundError);
    await expect(tree.readFile('../x')).rejects.toThrow('escapes');
  });

  it('reads an overlay in two cat-file runs: the folders to it, then its files', async () => {
    const tree = treeAt();

    expect(await tree.stat('apps/payments/envs/dev')).toMatchObject({
      type: 'directory',
    });
    await tree.stat('apps/payments/envs/dev/kustomization.yaml');
    await tree.readText('apps/payments/envs/dev/kustomization.yaml');
    await tree.readText('apps/payments/envs/dev/patch.yaml');

    expect(reads).toEqual([
      [
        `${head}:`,
        `${head}:apps`,
        `${head}:apps/payments`,
        `${head}:apps/payments/envs`,
        `${head}:apps/payments/envs/dev`,
      ],
      [expect.any(String), expect.any(String)],
    ]);
  });

  it('follows symlinks inside the repository and refuses those that leave it', async () => {
    const tree = treeAt();

    expect(await tree.readText('apps/linked/prod/kustomization.yaml')).toBe(
      'prod\n',
    );
    expect(await tree.readDirectory('apps/linked')).toEqual([
      { name: 'dev', type: 'directory' },
      { name: 'prod', type: 'directory' },
    ]);
    await expect(tree.readFile('loop/a')).rejects.toThrow(
      new InputError('Too many levels of symbolic links in loop/a'),
    );
    await expect(tree.readFile('apps/outside/passwd')).rejects.toThrow(
      new InputError(
        'Refusing to read apps/outside/passwd: a symbolic link leads outside the repository',
      ),
    );
  });

  it('refuses writes through symbolic links and files', async () => {
    const tree = treeAt();

    await expect(
      tree.writeFile('apps/linked/dev/new.yaml', 'x'),
    ).rejects.toThrow(
      new InputError(
        'Refusing to write apps/linked/dev/new.yaml: apps/linked is a symbolic link',
      ),
    );
    await expect(tree.writeFile('apps/linked', 'x')).rejects.toThrow(
      'apps/linked is a symbolic link',
    );
    await expect(tree.writeFile('README.md/x', 'x')).rejects.toThrow(
      new InputError(
        'Refusing to write README.md/x: README.md is not a directory',
      ),
    );
    await expect(tree.writeFile('apps/payments', 'x')).rejects.toThrow(
      new InputError('Refusing to write apps/payments: it is a directory'),
    );
    await expect(tree.remove('')).rejects.toThrow(
      'Refusing to remove the repository root',
    );
    await expect(tree.writeFile('.git/config', 'x')).rejects.toThrow(
      'it reaches into .git',
    );
    expect(tree.build()).toBeUndefined();
  });

  it('builds the tree git would build for the edit', async () => {
    const tree = treeAt();
    await tree.writeFile(
      'apps/payments/envs/dev/kustomization.yaml',
      'images:\n  - name: app\n    newTag: v2\n',
    );
    await tree.writeFile('apps/payments/envs/qa/kustomization.yaml', 'qa\n');
    await tree.remove('apps/payments/envs/dev/patch.yaml');
    await tree.remove('apps/outside');
    await tree.remove('apps/never-there');

    expect(
      await tree.readText('apps/payments/envs/qa/kustomization.yaml'),
    ).toBe('qa\n');
    expect(
      await tree.stat('apps/payments/envs/dev/patch.yaml'),
    ).toBeUndefined();
    const built = tree.build()!;

    // The same change made by git in a checkout.
    const work = await fs.mkdtemp(join(tmpdir(), 'slipway-tree-test-'));
    try {
      await testGit(['clone', '--quiet', repo.path, work]);
      await fs.writeFile(
        join(work, 'apps/payments/envs/dev/kustomization.yaml'),
        'images:\n  - name: app\n    newTag: v2\n',
      );
      await fs.mkdir(join(work, 'apps/payments/envs/qa'));
      await fs.writeFile(
        join(work, 'apps/payments/envs/qa/kustomization.yaml'),
        'qa\n',
      );
      await fs.rm(join(work, 'apps/payments/envs/dev/patch.yaml'));
      await fs.rm(join(work, 'apps/outside'));
      await testGit(['add', '--all'], { cwd: work });
      expect(built.tree).toBe(
        (await testGit(['write-tree'], { cwd: work })).trim(),
      );
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
    expect(built.base).toBe(
      (
        await testGit(['rev-parse', `${head}^{tree}`], { cwd: repo.path })
      ).trim(),
    );
    // Two blobs, and trees for dev, qa and the four folders above them.
    expect(built.objects.map(o => o.type).sort()).toEqual([
      'blob',
      'blob',
      ...Array(6).fill('tree'),
    ]);
    expect(await listBuilt(treeAt())).toBeUndefined();
  });

  it('reports no change when every file ends as it was', async () => {
    const tree = treeAt();
    const text = await tree.readText('apps/payments/envs/dev/patch.yaml');
    await tree.writeFile('apps/payments/envs/dev/patch.yaml', 'changed\n');
    await tree.writeFile('apps/payments/envs/dev/patch.yaml', text);
    await tree.writeFile('apps/payments/envs/dev/tmp.yaml', 'x');
    await tree.remove('apps/payments/envs/dev/tmp.yaml');

    expect(tree.build()).toBeUndefined();
  });

  it('drops folders left empty, and keeps an executable file executable', async () => {
    const local = await createLocalRepository({
      'bin/run.sh': '#!/bin/sh\n',
      'only/file.yaml': 'x\n',
    });
    try {
      // Mark run.sh executable with a commit made by git itself.
      const work = await fs.mkdtemp(join(tmpdir(), 'slipway-exec-'));
      try {
        await testGit(['clone', '--quiet', local.path, work]);
        await fs.chmod(join(work, 'bin/run.sh'), 0o755);
        await testGit(['commit', '--quiet', '-am', 'exec'], { cwd: work });
        await testGit(['push', '--quiet', 'origin', 'HEAD:main'], {
          cwd: work,
        });
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
      const commit = (
        await testGit(['rev-parse', 'main'], { cwd: local.path })
      ).trim();
      const localRead = async (names: string[]) =>
        parseCatFileBatchOutput(
          (
            await git.run(['cat-file', '--batch'], {
              gitDir: local.path,
              input: `${names.join('\n')}\n`,
            })
          ).stdout,
          names.length,
        );
      const tree = new ObjectWorkingTree(commit, localRead);
      await tree.writeFile('bin/run.sh', '#!/bin/sh\nexit 0\n');
      await tree.remove('only/file.yaml');
      const built = tree.build()!;
      await git.run(['unpack-objects', '-q', '--strict'], {
        gitDir: local.path,
        input: formatPack(built.objects, 'sha1'),
      });

      expect(
        await testGit(['ls-tree', '-r', built.tree], { cwd: local.path }),
      ).toMatch(/^100755 blob [0-9a-f]+\tbin\/run\.sh\n$/);
    } finally {
      await local.close();
    }
  });

  it('restores a path as it was at a revision, and removes one that did not exist then', async () => {
    const local = await createLocalRepository(files);
    try {
      const original = (
        await testGit(['rev-parse', 'main'], { cwd: local.path })
      ).trim();
      const later = await pushTestCommit(local.path, {
        'apps/payments/envs/dev/kustomization.yaml': 'changed\n',
        'apps/payments/envs/dev/extra.yaml': 'extra\n',
        'apps/payments/envs/dev/patch.yaml': null,
        'apps/payments/envs/qa/kustomization.yaml': 'qa\n',
      });
      const localRead = async (names: string[]) =>
        parseCatFileBatchOutput(
          (
            await git.run(['cat-file', '--batch'], {
              gitDir: local.path,
              input: `${names.join('\n')}\n`,
            })
          ).stdout,
          names.length,
        );
      const tree = new ObjectWorkingTree(later, localRead);
      await tree.restore('apps/payments/envs/dev', original.slice(0, 12));
      await tree.restore('apps/payments/envs/qa', original);

      expect(await tree.readDirectory('apps/payments/envs/dev')).toEqual([
        { name: 'kustomization.yaml', type: 'file' },
        { name: 'patch.yaml', type: 'file' },
      ]);
      expect(await tree.stat('apps/payments/envs/qa')).toBeUndefined();
      const built = tree.build()!;
      expect(built.tree).toBe(
        (
          await testGit(['rev-parse', `${original}^{tree}`], {
            cwd: local.path,
          })
        ).trim(),
      );
      await expect(
        tree.restore('apps/payments', 'f'.repeat(40)),
      ).rejects.toThrow(
        new NotFoundError(
          `Revision ${'f'.repeat(40)} not found in the repository`,
        ),
      );
      await expect(tree.restore('apps', 'main --all')).rejects.toThrow(
        'Invalid Git revision',
      );
    } finally {
      await local.close();
    }
  });

  it('answers reads of the trees it listed or made without git', async () => {
    const tree = treeAt();
    await tree.writeFile('apps/payments/envs/dev/kustomization.yaml', 'v2\n');
    const built = tree.build()!;
    const before = reads.length;

    expect(
      tree.textAt(built.base, 'apps/payments/envs/dev/kustomization.yaml'),
    ).toContain('newTag: v1');
    expect(
      tree.textAt(built.tree, 'apps/payments/envs/dev/kustomization.yaml'),
    ).toBe('v2\n');
    expect(tree.textAt(built.tree, 'apps/kustomization.yaml')).toBeNull();
    expect(tree.textAt(built.tree, 'apps/payments/envs')).toBeNull();
    // Never listed: git has to tell.
    expect(
      tree.textAt(built.tree, 'apps/payments/base/deployment.yaml'),
    ).toBeUndefined();
    expect(reads.length).toBe(before);
  });

  it('starts an empty repository from the empty tree', async () => {
    const tree = new ObjectWorkingTree(undefined, read);

    expect(await tree.readDirectory('')).toEqual([]);
    expect(tree.build()).toBeUndefined();
    await tree.writeFile('README.md', '# seeded\n');
    const built = tree.build()!;

    expect(built.base).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    expect(built.objects.map(o => o.type)).toEqual(['blob', 'tree', 'tree']);
    expect(reads).toEqual([]);
  });
});
