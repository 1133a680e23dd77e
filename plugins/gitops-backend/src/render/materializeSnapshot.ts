import { promises as fs } from 'fs';
import { dirname, join } from 'path';
import { RenderError, RepositorySnapshot } from '@slipway/plugin-gitops-node';
import { RenderLimits } from './renderLimits';

/**
 * Writes the files of a snapshot into `target` (an empty folder), so that a
 * tool which only reads from disk can render it. Symbolic links are written
 * as the files they resolve to inside the repository; hidden folders such as
 * `.git` are left out. Counts files and bytes against the limits.
 */
export async function materializeSnapshot(
  snapshot: RepositorySnapshot,
  target: string,
  limits: Pick<RenderLimits, 'maxFiles' | 'maxFileBytes'>,
): Promise<number> {
  let files = 0;
  const copy = async (folder: string): Promise<void> => {
    for (const entry of await snapshot.readDirectory(folder)) {
      if (entry.name.startsWith('.')) {
        continue;
      }
      const path = folder === '.' ? entry.name : `${folder}/${entry.name}`;
      const type =
        entry.type === 'symlink'
          ? (await snapshot.stat(path))?.type
          : entry.type;
      if (type === 'directory') {
        await copy(path);
      } else if (type === 'file') {
        files += 1;
        if (files > limits.maxFiles) {
          throw new RenderError(
            `repository has more than ${limits.maxFiles} files (limit maxFiles)`,
            { file: path },
          );
        }
        const content = await snapshot.readFile(path);
        if (content.length > limits.maxFileBytes) {
          throw new RenderError(
            `file is ${content.length} bytes, above the limit maxFileBytes of ${limits.maxFileBytes}`,
            { file: path },
          );
        }
        const destination = join(target, ...path.split('/'));
        await fs.mkdir(dirname(destination), { recursive: true });
        await fs.writeFile(destination, content);
      }
    }
  };
  await copy('.');
  return files;
}
