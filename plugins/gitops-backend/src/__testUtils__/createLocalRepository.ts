import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedRepository, TestRepositoryFiles } from './seedRepository';

/**
 * A bare repository on the local disk, reachable with a `file://` URL.
 *
 * @public
 */
export interface LocalTestRepository {
  url: string;
  /** The bare repository folder. */
  path: string;
  close(): Promise<void>;
}

/**
 * Creates a bare repository in a temporary folder with one commit on `main`
 * holding `files`. `close()` deletes it.
 *
 * @public
 */
export async function createLocalRepository(
  files: TestRepositoryFiles,
): Promise<LocalTestRepository> {
  const root = await fs.mkdtemp(join(tmpdir(), 'slipway-repo-'));
  const path = join(root, 'config.git');
  await seedRepository(path, files);
  return {
    url: pathToFileURL(path).toString(),
    path,
    close: () => fs.rm(root, { recursive: true, force: true }),
  };
}
