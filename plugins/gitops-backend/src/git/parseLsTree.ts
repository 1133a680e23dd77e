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

const entryTypes = new Set(['blob', 'tree', 'commit']);

/**
 * Parses `git ls-tree -z [-l]` output
 * (`<mode> SP <type> SP <oid> [SP+ <size>] TAB <path> NUL`).
 *
 * Every string is decoded on its own from the bytes rather than cut from
 * one decoded text: V8 keeps a cut string's whole source alive, and a
 * commit's listing of a large repository is megabytes that every path and
 * object id cached from it (in renders' read records, for instance) would
 * otherwise hold on to, once per commit seen.
 */
export function parseLsTree(output: Buffer | string): TreeEntry[] {
  const bytes = typeof output === 'string' ? Buffer.from(output) : output;
  const entries: TreeEntry[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0, start);
    if (end < 0) {
      end = bytes.length;
    }
    if (end > start) {
      entries.push(parseRecord(bytes, start, end));
    }
    start = end + 1;
  }
  return entries;
}

function parseRecord(bytes: Buffer, start: number, end: number): TreeEntry {
  const tab = bytes.indexOf(9, start);
  const header =
    tab >= 0 && tab < end ? bytes.toString('latin1', start, tab) : '';
  const fields = header.split(/ +/);
  const [mode, type, oid, size] = fields;
  if (!oid || !entryTypes.has(type)) {
    throw new Error(
      `Unexpected git ls-tree output: ${JSON.stringify(
        bytes.toString('utf8', start, end),
      )}`,
    );
  }
  const blobBytes =
    size === undefined || size === '-' ? undefined : Number(size);
  // The object id follows `<mode> <type> ` (single spaces); decoded again,
  // so that it does not hold on to the header it was split from.
  const oidStart = start + mode.length + type.length + 2;
  return {
    mode,
    type: type as TreeEntry['type'],
    oid: bytes.toString('latin1', oidStart, oidStart + oid.length),
    ...(blobBytes !== undefined ? { size: blobBytes } : {}),
    path: bytes.toString('utf8', tab + 1, end),
  };
}
