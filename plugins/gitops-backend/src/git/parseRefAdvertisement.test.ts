import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_GIT_ENV, testGit } from '../__testUtils__';
import { seedRepository } from '../__testUtils__/seedRepository';
import { DELIM_PKT, encodePktLine, FLUSH_PKT, readPktLines } from './pktLine';
import { parseInfoRefs, parseLsRefs } from './parseRefAdvertisement';

/** What `git upload-pack` itself answers, as a smart-HTTP server relays it. */
function uploadPack(
  repository: string,
  options: { advertise?: boolean; version?: 2; input?: string } = {},
): Buffer {
  const result = spawnSync(
    'git',
    [
      'upload-pack',
      '--stateless-rpc',
      ...(options.advertise ? ['--advertise-refs'] : []),
      repository,
    ],
    {
      input: options.input ?? '',
      env: {
        PATH: process.env.PATH,
        ...TEST_GIT_ENV,
        ...(options.version ? { GIT_PROTOCOL: 'version=2' } : {}),
      },
    },
  );
  if (result.status !== 0) {
    throw new Error(`git upload-pack failed: ${result.stderr}`);
  }
  return result.stdout;
}

describe('parseInfoRefs and parseLsRefs on what git upload-pack says', () => {
  let root: string;
  let repository: string;
  let main: string;
  let feature: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'slipway-refs-'));
    repository = join(root, 'config.git');
    await seedRepository(repository, { 'a.txt': 'a\n' });
    main = (await testGit(['rev-parse', 'main'], { cwd: repository })).trim();
    await testGit(['branch', 'feature/x', 'main'], { cwd: repository });
    feature = main;
    await testGit(['tag', 'v1', 'main'], { cwd: repository });
  }, 60_000);

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reads every ref and the HEAD symref of a v0 advertisement', () => {
    const advertisement = uploadPack(repository, { advertise: true });
    // git http-backend puts the service line and a flush in front.
    const overHttp = Buffer.concat([
      Buffer.from(
        `${encodePktLine('# service=git-upload-pack\n')}${FLUSH_PKT}`,
      ),
      advertisement,
    ]);

    for (const body of [advertisement, overHttp]) {
      const parsed = parseInfoRefs(body);
      expect(parsed.version).toBe(0);
      if (parsed.version !== 0) return;
      expect(Object.fromEntries(parsed.refs.refs)).toEqual({
        HEAD: main,
        'refs/heads/main': main,
        'refs/heads/feature/x': feature,
        'refs/tags/v1': main,
      });
      expect(Object.fromEntries(parsed.refs.symrefs)).toEqual({
        HEAD: 'refs/heads/main',
      });
    }
  });

  it('recognises a v2 server, then reads its ls-refs answer', () => {
    expect(
      parseInfoRefs(uploadPack(repository, { advertise: true, version: 2 })),
    ).toEqual({ version: 2 });

    const request = [
      encodePktLine('command=ls-refs\n'),
      DELIM_PKT,
      encodePktLine('symrefs\n'),
      encodePktLine('ref-prefix HEAD\n'),
      encodePktLine('ref-prefix refs/heads/main\n'),
      FLUSH_PKT,
    ].join('');
    const refs = parseLsRefs(
      uploadPack(repository, { version: 2, input: request }),
    );
    expect(Object.fromEntries(refs.refs)).toEqual({
      HEAD: main,
      'refs/heads/main': main,
    });
    expect(Object.fromEntries(refs.symrefs)).toEqual({
      HEAD: 'refs/heads/main',
    });
  });

  it('finds no refs in an empty repository', async () => {
    const empty = join(root, 'empty.git');
    await testGit(['init', '--bare', '--quiet', empty]);
    const parsed = parseInfoRefs(uploadPack(empty, { advertise: true }));
    expect(parsed).toEqual({
      version: 0,
      refs: { refs: new Map(), symrefs: expect.any(Map) },
    });
  });

  it('refuses broken framing and malformed ref lines', () => {
    expect(() => readPktLines(Buffer.from('00zz'))).toThrow(
      'invalid pkt-line length "00zz" at byte 0',
    );
    expect(() => readPktLines(Buffer.from('0010abc'))).toThrow(
      'pkt-line at byte 0 runs past the end',
    );
    expect(() =>
      parseLsRefs(Buffer.from(`${encodePktLine('not-an-id HEAD\n')}0000`)),
    ).toThrow('malformed ref line "not-an-id HEAD"');
  });
});
