import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** The object formats git knows: ids of 40 or 64 hex digits. */
export type HashAlgorithm = 'sha1' | 'sha256';

export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

/** An object as `git cat-file --batch` prints it. */
export interface GitObject {
  oid: string;
  type: GitObjectType;
  content: Buffer;
}

/** One entry of a tree object. */
export interface RawTreeEntry {
  /** Octal, as git stores it (`40000` for a folder). */
  mode: string;
  name: string;
  oid: string;
}

const TYPES = new Set<string>(['blob', 'tree', 'commit', 'tag']);
const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const PACK_TYPES: Record<GitObjectType, number> = {
  commit: 1,
  tree: 2,
  blob: 3,
  tag: 4,
};

/** The algorithm whose ids look like this one. */
export function algorithmOf(oid: string): HashAlgorithm {
  if (!OID.test(oid)) {
    throw new Error(`Not a git object id: ${JSON.stringify(oid)}`);
  }
  return oid.length === 64 ? 'sha256' : 'sha1';
}

/** The id git gives an object: the hash of `<type> <size>\0<content>`. */
export function hashObject(
  type: GitObjectType,
  content: Buffer,
  algorithm: HashAlgorithm,
): string {
  return createHash(algorithm)
    .update(`${type} ${content.length}\0`)
    .update(content)
    .digest('hex');
}

/**
 * `git cat-file --batch` output for `count` requests, in order: an object,
 * or undefined for a name that is missing (or ambiguous).
 */
export function parseCatFileBatchOutput(
  output: Buffer,
  count: number,
): Array<GitObject | undefined> {
  const objects: Array<GitObject | undefined> = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd < 0) {
      throw new Error('Truncated git cat-file --batch output');
    }
    const fields = output.toString('utf8', offset, headerEnd).split(' ');
    offset = headerEnd + 1;
    // `<oid> <type> <size>`; anything else echoes the request (`<name>
    // missing`), and a request always holds a character no id has.
    const [oid, type, size] = fields;
    if (fields.length !== 3 || !OID.test(oid) || !TYPES.has(type)) {
      objects.push(undefined);
      continue;
    }
    const length = Number(size);
    if (!Number.isInteger(length) || offset + length > output.length) {
      throw new Error('Truncated git cat-file --batch output');
    }
    objects.push({
      oid,
      type: type as GitObjectType,
      content: output.subarray(offset, offset + length),
    });
    offset += length + 1;
  }
  return objects;
}

/** The entries of a tree object (`<mode> <name>\0<binary id>` each). */
export function parseTreeObject(
  content: Buffer,
  algorithm: HashAlgorithm,
): RawTreeEntry[] {
  const oidBytes = algorithm === 'sha256' ? 32 : 20;
  const entries: RawTreeEntry[] = [];
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const nul = content.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + oidBytes > content.length) {
      throw new Error('Malformed git tree object');
    }
    entries.push({
      mode: content.toString('latin1', offset, space),
      name: content.toString('utf8', space + 1, nul),
      oid: content.toString('hex', nul + 1, nul + 1 + oidBytes),
    });
    offset = nul + 1 + oidBytes;
  }
  return entries;
}

/**
 * A tree object of these entries, sorted as git sorts them (by name, a
 * folder's name as if it ended with `/`) and with the modes git's index
 * writes (`100644`, `100755`, `120000`, `160000`, `40000`).
 */
export function formatTreeObject(entries: readonly RawTreeEntry[]): Buffer {
  const sorted = entries
    .map(entry => ({ ...entry, mode: canonicalMode(entry.mode) }))
    .map(entry => ({
      entry,
      key: Buffer.from(entry.mode === '40000' ? `${entry.name}/` : entry.name),
    }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  return Buffer.concat(
    sorted.flatMap(({ entry }) => [
      Buffer.from(`${entry.mode} ${entry.name}\0`),
      Buffer.from(entry.oid, 'hex'),
    ]),
  );
}

/** The mode git's index gives an entry of this mode (`canon_mode`). */
export function canonicalMode(mode: string): string {
  const value = parseInt(mode, 8);
  switch (value & 0o170000) {
    case 0o040000:
      return '40000';
    case 0o100000:
      return value & 0o100 ? '100755' : '100644';
    case 0o120000:
      return '120000';
    default:
      return '160000';
  }
}

/**
 * A pack of these objects, whole (no deltas), as `git unpack-objects`
 * reads it: `PACK`, version 2, the count, each object's type-and-size
 * header and deflated content, and the hash of all that.
 */
export function formatPack(
  objects: ReadonlyArray<{ type: GitObjectType; content: Buffer }>,
  algorithm: HashAlgorithm,
): Buffer {
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [header];
  for (const { type, content } of objects) {
    let size = content.length;
    const bytes: number[] = [];
    let byte = (PACK_TYPES[type] << 4) | (size & 0x0f);
    size = Math.floor(size / 16);
    while (size > 0) {
      bytes.push(byte | 0x80);
      byte = size & 0x7f;
      size = Math.floor(size / 128);
    }
    bytes.push(byte);
    parts.push(Buffer.from(bytes), deflateSync(content));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash(algorithm).update(body).digest()]);
}
