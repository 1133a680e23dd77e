import * as childProcess from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  captureLogger,
  createTestGitServer,
  TestGitServer,
  testGit,
} from '../__testUtils__';
import { ConfigRepoWriter } from './ConfigRepoWriter';
import { GitCli } from './GitCli';
import { GitCommandError } from './GitCommandError';
import { GitCredentialsProvider } from './GitCredentialsProvider';
import { RepositoryCache } from './RepositoryCache';

jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  return { ...actual, spawn: jest.fn(actual.spawn) };
});

const USERNAME = 'slipway-bot';
const PASSWORD = 'pw-Zq8rT3vK9mW2xY7n';
const author = { name: 'Jane Doe', email: 'jane@acme.invalid' };

/** Every file under a folder, as text, for searching. */
async function readAll(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      parts.push(await readAll(path));
    } else if (entry.isFile()) {
      parts.push(entry.name, (await fs.readFile(path)).toString('latin1'));
    }
  }
  return parts.join('\n');
}

describe('Git over smart HTTP with basic authentication', () => {
  let server: TestGitServer;
  let root: string;

  beforeEach(async () => {
    server = await createTestGitServer({
      username: USERNAME,
      password: PASSWORD,
    });
    root = await fs.mkdtemp(join(tmpdir(), 'slipway-http-test-'));
  });

  afterEach(async () => {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function setUp(password: string) {
    const { logger, lines } = captureLogger();
    const credentials: GitCredentialsProvider = {
      getCredentials: async () => ({ username: USERNAME, password }),
    };
    const git = new GitCli({ credentials, logger });
    const cacheDir = join(root, `cache-${password.length}`);
    const cache = await RepositoryCache.create({ git, cacheDir, logger });
    const writer = new ConfigRepoWriter({ git, cache, logger });
    return { cache, writer, lines, cacheDir };
  }

  it('clones, fetches and pushes with credentials that never leak', async () => {
    const { url, path } = await server.createRepository('payments-config', {
      'envs/dev/kustomization.yaml': 'images:\n  - name: app\n    newTag: v1\n',
    });
    const { cache, writer, lines, cacheDir } = await setUp(PASSWORD);

    const head = await cache.resolveBranch(url);
    const snapshot = await cache.readTree(url, head.revision, 'envs/dev');
    expect(
      (await snapshot.readFile('envs/dev/kustomization.yaml')).toString(),
    ).toContain('newTag: v1');
    const result = await writer.commit({
      url,
      edit: tree =>
        tree.writeFile('envs/dev/kustomization.yaml', 'images: []\n'),
      author,
      message: 'Deploy over HTTP',
    });
    expect(result.status).toBe('committed');
    expect(
      await testGit(['show', 'main:envs/dev/kustomization.yaml'], {
        cwd: path,
      }),
    ).toBe('images: []\n');
    expect(server.authorizedRequests).toBeGreaterThan(0);

    const encoded = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
    const stored = await readAll(cacheDir);
    expect(stored).toContain('[core]');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(encoded);
    const config = await fs.readFile(
      join(cache.directoryFor(url), 'config'),
      'utf8',
    );
    expect(config).not.toContain(PASSWORD);
    expect(config).not.toContain('extraHeader');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain(encoded);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('keeps credentials out of the argv of every git process', async () => {
    const { url } = await server.createRepository('payments-config', {
      'a.txt': 'a\n',
    });
    const spawn = childProcess.spawn as unknown as jest.Mock;
    spawn.mockClear();
    const { cache, writer } = await setUp(PASSWORD);
    await cache.resolveBranch(url);
    await writer.commit({
      url,
      edit: tree => tree.writeFile('b.txt', 'b\n'),
      author,
      message: 'Argv check',
    });

    const gitCalls = spawn.mock.calls.filter(([command]) => command === 'git');
    expect(gitCalls.length).toBeGreaterThan(3);
    const encoded = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
    for (const [, args] of gitCalls) {
      expect(JSON.stringify(args)).not.toContain(PASSWORD);
      expect(JSON.stringify(args)).not.toContain(encoded);
    }
    const remoteCall = gitCalls.find(([, args]) =>
      (args as string[]).includes('fetch'),
    )!;
    const env = (remoteCall[2] as childProcess.SpawnOptions).env!;
    const header = Object.keys(env).find(
      name => env[name] === `http.${new URL(url).origin}/.extraHeader`,
    )!;
    expect(header).toMatch(/^GIT_CONFIG_KEY_\d+$/);
    expect(env[header.replace('KEY', 'VALUE')]).toBe(
      `Authorization: Basic ${encoded}`,
    );
    expect(env.GIT_TERMINAL_PROMPT).toBe('0');
  });

  it('fails with a clear error naming the URL when the password is wrong', async () => {
    const { url } = await server.createRepository('payments-config', {
      'a.txt': 'a\n',
    });
    const { cache, writer, lines } = await setUp('wrong-password-123');

    const error = await cache.fetch(url).catch(e => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.kind).toBe('authentication');
    expect(error.message).toMatch(
      /^Git authentication failed for http:\/\/127\.0\.0\.1:\d+\/payments-config\.git/,
    );
    expect(server.rejectedRequests).toBeGreaterThan(0);

    const pushError = await writer
      .commit({ url, branch: 'main', edit: () => {}, author, message: 'x' })
      .catch(e => e);
    expect(pushError.message).toContain(`authentication failed for ${url}`);
    for (const text of [
      error.message,
      error.stderr,
      pushError.message,
      lines.join('\n'),
    ]) {
      expect(text).not.toContain('wrong-password-123');
    }
  });

  it('moves credentials written into the URL out of it', async () => {
    const { url } = await server.createRepository('payments-config', {
      'a.txt': 'a\n',
    });
    const git = new GitCli();
    const cache = await RepositoryCache.create({
      git,
      cacheDir: join(root, 'embedded'),
    });
    const withPassword = url.replace(
      'http://',
      `http://${USERNAME}:${PASSWORD}@`,
    );

    await expect(cache.lsRemote(withPassword, 'main')).resolves.toMatchObject({
      branch: 'main',
    });
    await cache.fetch(withPassword);
    expect(await readAll(join(root, 'embedded'))).not.toContain(PASSWORD);

    const error = await cache
      .fetch(url.replace('http://', `http://${USERNAME}:nope-${PASSWORD}@`))
      .catch(e => e);
    expect(error.kind).toBe('authentication');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).toContain(url);
  });
});
