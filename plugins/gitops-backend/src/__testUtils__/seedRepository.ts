import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { testGit } from './testGit';

/**
 * Files of a test repository: text content, or a symbolic link.
 *
 * @public
 */
export type TestRepositoryFiles = Record<string, string | { symlink: string }>;

/**
 * Creates a bare repository at `bareDir` whose `main` branch holds one
 * commit with the given files.
 */
export async function seedRepository(
  bareDir: string,
  files: TestRepositoryFiles,
  message = 'Initial commit',
): Promise<void> {
  const work = await fs.mkdtemp(join(tmpdir(), 'slipway-seed-'));
  try {
    await testGit(['init', '--quiet', '--initial-branch=main', work]);
    await writeFiles(work, files);
    await testGit(['add', '--all'], { cwd: work });
    await testGit(['commit', '--quiet', '--allow-empty', '-m', message], {
      cwd: work,
    });
    await testGit(['clone', '--quiet', '--bare', work, bareDir]);
    await testGit(['config', 'http.receivepack', 'true'], { cwd: bareDir });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/**
 * Pushes one more commit to a bare repository, as another writer would:
 * files with content are written, files mapped to `null` are deleted.
 * Returns the new commit SHA.
 */
export async function pushTestCommit(
  bareDir: string,
  files: Record<string, string | { symlink: string } | null>,
  message = 'Change from another writer',
  branch = 'main',
): Promise<string> {
  const work = await fs.mkdtemp(join(tmpdir(), 'slipway-push-'));
  try {
    await testGit(['clone', '--quiet', '--branch', branch, bareDir, work]);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        await fs.rm(join(work, path), { recursive: true, force: true });
      }
    }
    await writeFiles(
      work,
      Object.fromEntries(
        Object.entries(files).filter(
          (entry): entry is [string, string | { symlink: string }] =>
            entry[1] !== null,
        ),
      ),
    );
    await testGit(['add', '--all'], { cwd: work });
    await testGit(['commit', '--quiet', '--allow-empty', '-m', message], {
      cwd: work,
    });
    await testGit(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], {
      cwd: work,
    });
    return (await testGit(['rev-parse', 'HEAD'], { cwd: work })).trim();
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function writeFiles(root: string, files: TestRepositoryFiles) {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.rm(target, { force: true });
    if (typeof content === 'string') {
      await fs.writeFile(target, content);
    } else {
      await fs.symlink(content.symlink, target);
    }
  }
}
