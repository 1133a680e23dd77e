import { TreeEntry } from './parseLsTree';

/**
 * One record of `git diff-tree -r -t -z --no-renames`: what a path was
 * before (`before`, absent when added) and after (`after`, absent when
 * deleted). Trees come with the entries under them.
 */
export interface TreeChange {
  path: string;
  before?: Omit<TreeEntry, 'path' | 'size'>;
  after?: Omit<TreeEntry, 'path' | 'size'>;
}

const NO_OBJECT = /^0+$/;

/**
 * Parses `git diff-tree -r -t -z --no-renames <a> <b>` output: records of
 * `:<mode a> <mode b> <oid a> <oid b> <status>` NUL `<path>` NUL. Strings
 * are decoded from the bytes one by one (see parseLsTree for why).
 */
export function parseDiffTree(output: Buffer): TreeChange[] {
  const changes: TreeChange[] = [];
  let start = 0;
  while (start < output.length) {
    const headerEnd = output.indexOf(0, start);
    const pathEnd = headerEnd < 0 ? -1 : output.indexOf(0, headerEnd + 1);
    if (output[start] !== 0x3a || pathEnd < 0) {
      throw new Error(
        `Unexpected git diff-tree output: ${JSON.stringify(
          output.toString('utf8', start, Math.min(output.length, start + 200)),
        )}`,
      );
    }
    const [modeBefore, modeAfter, oidBefore, oidAfter] = output
      .toString('latin1', start + 1, headerEnd)
      .split(' ');
    changes.push({
      path: output.toString('utf8', headerEnd + 1, pathEnd),
      before: side(modeBefore, oidBefore),
      after: side(modeAfter, oidAfter),
    });
    start = pathEnd + 1;
  }
  return changes;
}

function side(
  mode: string,
  oid: string,
): Omit<TreeEntry, 'path' | 'size'> | undefined {
  if (NO_OBJECT.test(mode) || NO_OBJECT.test(oid)) {
    return undefined;
  }
  return { mode, type: typeOfMode(mode), oid };
}

function typeOfMode(mode: string): TreeEntry['type'] {
  if (mode === '040000') {
    return 'tree';
  }
  return mode === '160000' ? 'commit' : 'blob';
}
