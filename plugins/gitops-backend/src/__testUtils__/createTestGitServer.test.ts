import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalRepository } from './createLocalRepository';
import { createTestGitServer } from './createTestGitServer';
import { testGit } from './testGit';

describe('createTestGitServer', () => {
  it('serves clone and push behind basic auth, and cleans up', async () => {
    const server = await createTestGitServer({
      username: 'u',
      password: 'p-123',
    });
    const work = await fs.mkdtemp(join(tmpdir(), 'slipway-server-test-'));
    try {
      const { url, path } = await server.createRepository('demo', {
        'a.txt': 'a\n',
      });
      const withAuth = url.replace('http://', 'http://u:p-123@');

      await testGit(['clone', '--quiet', withAuth, join(work, 'clone')]);
      await expect(
        fs.readFile(join(work, 'clone', 'a.txt'), 'utf8'),
      ).resolves.toBe('a\n');
      await fs.writeFile(join(work, 'clone', 'b.txt'), 'b\n');
      await testGit(['add', 'b.txt'], { cwd: join(work, 'clone') });
      await testGit(['commit', '--quiet', '-m', 'b'], {
        cwd: join(work, 'clone'),
      });
      await testGit(['push', '--quiet', 'origin', 'main'], {
        cwd: join(work, 'clone'),
      });
      await expect(
        testGit(['show', 'main:b.txt'], { cwd: path }),
      ).resolves.toBe('b\n');

      await expect(testGit(['ls-remote', url])).rejects.toThrow(
        /could not read Username/,
      );
      expect(server.rejectedRequests).toBeGreaterThan(0);
    } finally {
      await server.close();
      await fs.rm(work, { recursive: true, force: true });
    }
    await expect(fs.access(server.root)).rejects.toThrow();
  });
});

describe('createLocalRepository', () => {
  it('creates a file:// repository with the files and removes it on close', async () => {
    const repo = await createLocalRepository({
      'x/y.txt': 'y\n',
      'x/link': { symlink: 'y.txt' },
    });
    expect(repo.url.startsWith('file://')).toBe(true);
    await expect(
      testGit(['show', 'main:x/y.txt'], { cwd: repo.path }),
    ).resolves.toBe('y\n');
    await expect(
      testGit(['ls-tree', 'main', 'x/link'], { cwd: repo.path }),
    ).resolves.toMatch(/^120000 blob/);
    await repo.close();
    await expect(fs.access(repo.path)).rejects.toThrow();
  });
});
