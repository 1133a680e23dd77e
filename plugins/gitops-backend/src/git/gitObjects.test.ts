import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_GIT_ENV } from '../__testUtils__';
import {
  algorithmOf,
  canonicalMode,
  formatPack,
  formatTreeObject,
  hashObject,
  HashAlgorithm,
  parseCatFileBatchOutput,
  parseTreeObject,
  RawTreeEntry,
} from './gitObjects';

const env = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')),
  ),
  ...TEST_GIT_ENV,
};

function git(gitDir: string, args: string[], input?: string | Buffer) {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { input, env });
}

describe('gitObjects', () => {
  let root: string;
  const repositories: Record<HashAlgorithm, string> = {
    sha1: '',
    sha256: '',
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'slipway-objects-'));
    for (const algorithm of ['sha1', 'sha256'] as const) {
      repositories[algorithm] = join(root, `${algorithm}.git`);
      execFileSync(
        'git',
        [
          'init',
          '--quiet',
          '--bare',
          `--object-format=${algorithm}`,
          repositories[algorithm],
        ],
        { env },
      );
    }
  });

  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it.each(['sha1', 'sha256'] as const)(
    'hashes blobs and trees as git does (%s)',
    algorithm => {
      const gitDir = repositories[algorithm];
      const content = Buffer.from('images:\n  - name: app\n    newTag: v2\n');
      const blob = hashObject('blob', content, algorithm);
      expect(blob).toBe(
        git(gitDir, ['hash-object', '-w', '--stdin'], content)
          .toString()
          .trim(),
      );
      expect(algorithmOf(blob)).toBe(algorithm);

      // Folders sort as if their names ended with "/": "b-c" < "b/" < "b0".
      const entries: RawTreeEntry[] = [
        { mode: '100644', name: 'b0', oid: blob },
        { mode: '100755', name: 'b-c', oid: blob },
        { mode: '120000', name: 'link', oid: blob },
      ];
      const inner = formatTreeObject(entries);
      const innerOid = hashObject('tree', inner, algorithm);
      const outer = formatTreeObject([
        ...entries,
        { mode: '40000', name: 'b', oid: innerOid },
      ]);
      const mktree = (lines: string[]) =>
        git(gitDir, ['mktree', '--missing'], `${lines.join('\n')}\n`)
          .toString()
          .trim();
      const lines = [
        `100644 blob ${blob}\tb0`,
        `100755 blob ${blob}\tb-c`,
        `120000 blob ${blob}\tlink`,
      ];
      expect(innerOid).toBe(mktree(lines));
      expect(hashObject('tree', outer, algorithm)).toBe(
        mktree([...lines, `040000 tree ${innerOid}\tb`]),
      );
      expect(parseTreeObject(outer, algorithm).map(e => e.name)).toEqual([
        'b-c',
        'b',
        'b0',
        'link',
      ]);
    },
  );

  it('parses tree objects back into their entries', () => {
    const oid = 'a'.repeat(40);
    const entries = [
      { mode: '100644', name: 'kustomization.yaml', oid },
      { mode: '40000', name: 'naïve dir', oid: 'b'.repeat(40) },
    ];
    expect(parseTreeObject(formatTreeObject(entries), 'sha1')).toEqual(entries);
    expect(() => parseTreeObject(Buffer.from('100644 x'), 'sha1')).toThrow(
      'Malformed git tree object',
    );
  });

  it('writes the modes git’s index writes', () => {
    expect(canonicalMode('100644')).toBe('100644');
    expect(canonicalMode('100664')).toBe('100644');
    expect(canonicalMode('100775')).toBe('100755');
    expect(canonicalMode('40000')).toBe('40000');
    expect(canonicalMode('040000')).toBe('40000');
    expect(canonicalMode('120000')).toBe('120000');
    expect(canonicalMode('160000')).toBe('160000');
  });

  it('reads cat-file --batch output in request order, missing names included', () => {
    const oid = 'c'.repeat(40);
    const output = Buffer.concat([
      Buffer.from(`${oid} blob 6\nline\n\n`),
      Buffer.from(`${oid}:no such path missing\n`),
      Buffer.from('abc ambiguous\n'),
      Buffer.from(`${oid} tree 0\n\n`),
    ]);
    expect(parseCatFileBatchOutput(output, 4)).toEqual([
      { oid, type: 'blob', content: Buffer.from('line\n\n') },
      undefined,
      undefined,
      { oid, type: 'tree', content: Buffer.alloc(0) },
    ]);
    expect(() =>
      parseCatFileBatchOutput(Buffer.from(`${oid} blob 60\nshort\n`), 1),
    ).toThrow('Truncated');
    expect(() => parseCatFileBatchOutput(Buffer.alloc(0), 1)).toThrow(
      'Truncated',
    );
  });

  it.each(['sha1', 'sha256'] as const)(
    'writes a pack git unpacks and checks (%s)',
    algorithm => {
      const gitDir = repositories[algorithm];
      // A blob large enough for a multi-byte size header.
      const big = Buffer.from('x'.repeat(70_000));
      const small = Buffer.from('kind: Deployment\n');
      const tree = formatTreeObject([
        {
          mode: '100644',
          name: 'big',
          oid: hashObject('blob', big, algorithm),
        },
        {
          mode: '100644',
          name: 'small.yaml',
          oid: hashObject('blob', small, algorithm),
        },
      ]);
      git(
        gitDir,
        ['unpack-objects', '-q', '--strict'],
        formatPack(
          [
            { type: 'blob', content: big },
            { type: 'blob', content: small },
            { type: 'tree', content: tree },
          ],
          algorithm,
        ),
      );
      const treeOid = hashObject('tree', tree, algorithm);
      expect(git(gitDir, ['cat-file', '-p', `${treeOid}:small.yaml`])).toEqual(
        small,
      );
      expect(git(gitDir, ['cat-file', '-s', `${treeOid}:big`]).toString()).toBe(
        '70000\n',
      );
    },
  );
});
