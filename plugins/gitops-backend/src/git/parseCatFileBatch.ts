/**
 * Parses `git cat-file --batch` output into object contents by id. Missing
 * objects (`<oid> missing`) are left out.
 */
export function parseCatFileBatch(output: Buffer): Map<string, Buffer> {
  const objects = new Map<string, Buffer>();
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd < 0) {
      throw new Error('Truncated git cat-file --batch output');
    }
    const header = output.toString('utf8', offset, headerEnd);
    const [oid, type, size] = header.split(' ');
    if (type === 'missing') {
      offset = headerEnd + 1;
      continue;
    }
    const length = Number(size);
    if (!oid || !type || !Number.isInteger(length)) {
      throw new Error(
        `Unexpected git cat-file header: ${JSON.stringify(header)}`,
      );
    }
    const start = headerEnd + 1;
    objects.set(oid, output.subarray(start, start + length));
    offset = start + length + 1;
  }
  return objects;
}
