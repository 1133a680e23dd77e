/**
 * One entry of `git ls-tree -z` output.
 */
export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  /** Blob size in bytes, with `ls-tree -l`. */
  size?: number;
  path: string;
}

/**
 * Parses `git ls-tree -z [-l]` output
 * (`<mode> SP <type> SP <oid> [SP+ <size>] TAB <path> NUL`).
 */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    if (record === '') {
      continue;
    }
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    if (
      tab < 0 ||
      !oid ||
      (type !== 'blob' && type !== 'tree' && type !== 'commit')
    ) {
      throw new Error(
        `Unexpected git ls-tree output: ${JSON.stringify(record)}`,
      );
    }
    const bytes = size === undefined || size === '-' ? undefined : Number(size);
    entries.push({
      mode,
      type,
      oid,
      ...(bytes !== undefined ? { size: bytes } : {}),
      path: record.slice(tab + 1),
    });
  }
  return entries;
}
