import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DirectorySnapshot } from './DirectorySnapshot';

describe('DirectorySnapshot', () => {
  let root: string;
  let outside: string;

  beforeAll(async () => {
    outside = await fs.mkdtemp(join(tmpdir(), 'slipway-outside-'));
    root = await fs.mkdtemp(join(tmpdir(), 'slipway-repo-'));
    await fs.writeFile(join(outside, 'secret.yaml'), 'kind: Secret\n');
    await fs.mkdir(join(root, 'app'));
    await fs.writeFile(join(root, 'app', 'cm.yaml'), 'kind: ConfigMap\n');
    await fs.writeFile(join(root, 'app', 'big.yaml'), 'x'.repeat(2048));
    await fs.symlink(
      join(outside, 'secret.yaml'),
      join(root, 'app', 'escape.yaml'),
    );
    await fs.symlink('cm.yaml', join(root, 'app', 'alias.yaml'));
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('reads files, folders and links that stay inside', async () => {
    const snapshot = new DirectorySnapshot({ root, revision: 'abc' });
    expect((await snapshot.readFile('app/cm.yaml')).toString()).toBe(
      'kind: ConfigMap\n',
    );
    expect((await snapshot.readFile('app/alias.yaml')).toString()).toBe(
      'kind: ConfigMap\n',
    );
    expect(await snapshot.readDirectory('app')).toEqual([
      { name: 'alias.yaml', type: 'symlink' },
      { name: 'big.yaml', type: 'file' },
      { name: 'cm.yaml', type: 'file' },
      { name: 'escape.yaml', type: 'symlink' },
    ]);
    expect(await snapshot.stat('app')).toEqual({
      name: 'app',
      type: 'directory',
    });
    expect(await snapshot.stat('app/none.yaml')).toBeUndefined();
  });

  it('refuses .., absolute paths and links leading outside', async () => {
    const snapshot = new DirectorySnapshot({ root, revision: 'abc' });
    await expect(snapshot.readFile('../x')).rejects.toThrow(
      '../x: path is outside the repository',
    );
    await expect(snapshot.readFile('/etc/passwd')).rejects.toThrow(
      '/etc/passwd: path is outside the repository',
    );
    await expect(snapshot.readFile('app/escape.yaml')).rejects.toThrow(
      'app/escape.yaml: symbolic link points outside the repository',
    );
  });

  it('refuses a file above its size limit before reading it', async () => {
    const snapshot = new DirectorySnapshot({
      root,
      revision: 'abc',
      maxFileBytes: 1024,
    });
    await expect(snapshot.readFile('app/big.yaml')).rejects.toThrow(
      'app/big.yaml: file is 2048 bytes, above the limit maxFileBytes of 1024',
    );
  });
});
