/**
 * One file a change touches.
 *
 * @public
 */
export interface ChangedFile {
  path: string;
  change: 'added' | 'modified' | 'deleted' | 'type-changed';
}

const CHANGES: Record<string, ChangedFile['change']> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type-changed',
};

/** Parses `git diff --name-status -z --no-renames` output. */
export function parseNameStatus(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const files: ChangedFile[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const change = CHANGES[fields[index].charAt(0)];
    if (!change) {
      throw new Error(
        `Unexpected git diff --name-status code "${fields[index]}"`,
      );
    }
    files.push({ path: fields[index + 1], change });
  }
  return files;
}
