import { promises as fs } from 'node:fs';
import { AddressInfo, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogger } from '../__testUtils__';
import { GitCli } from './GitCli';
import { GitCommandError } from './GitCommandError';

describe('GitCli', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'slipway-gitcli-test-'));
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('runs git with arguments as an array and returns stdout', async () => {
    const git = new GitCli();
    await git.run([
      'init',
      '--bare',
      '--quiet',
      join(dir, 'a b; echo pwned.git'),
    ]);
    await expect(fs.readdir(dir)).resolves.toEqual(['a b; echo pwned.git']);
    await expect(git.text(['--version'])).resolves.toMatch(/^git version \d/);
  });

  it('says which command failed, with git stderr', async () => {
    const git = new GitCli();
    const error = await git
      .run(['rev-parse', '--verify', 'nope'], {
        gitDir: join(dir, 'missing.git'),
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.message).toMatch(
      /^git rev-parse --verify nope failed with exit code 128: fatal:/,
    );
    expect(error.kind).toBe('failed');
  });

  it('hands credentials to git through the environment, scoped to the origin', async () => {
    const secret = 'pw-in-env-9f8e7d';
    const { logger, lines } = captureLogger();
    const git = new GitCli({
      credentials: {
        getCredentials: async () => ({ username: 'bot', password: secret }),
      },
      logger,
    });
    const url = 'https://git.example.invalid/acme/config.git';
    const seen = await git.text(
      ['config', '--get-all', 'http.https://git.example.invalid/.extraheader'],
      { remote: url },
    );
    expect(seen.trim()).toBe(
      `Authorization: Basic ${Buffer.from(`bot:${secret}`).toString('base64')}`,
    );
    const error = await git
      .run(['config', '--get', 'no.such-key'], { remote: url })
      .catch(e => e);
    expect(error.command).toBe('git config --get no.such-key');
    expect(`${error.message}${lines.join('\n')}`).not.toContain(secret);
  });

  it('stops a command that runs too long', async () => {
    // A server that accepts connections and never answers.
    const sockets: Socket[] = [];
    const server = createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/config.git`;
    try {
      const git = new GitCli({ timeoutMs: 1000 });
      const started = Date.now();
      const error = await git
        .run(['ls-remote', '--', url], { remote: url })
        .catch(e => e);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error).toBeInstanceOf(GitCommandError);
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(
        `git ls-remote -- ${url} timed out after 1s talking to ${url}`,
      );
    } finally {
      sockets.forEach(socket => socket.destroy());
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('stops a command whose output exceeds the limit', async () => {
    const git = new GitCli();
    const error = await git
      .run(['help', '-a'], { maxOutputBytes: 100 })
      .catch(e => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.kind).toBe('output-limit');
    expect(error.message).toBe(
      'git help -a produced more than 100 bytes of output',
    );
  });
});
