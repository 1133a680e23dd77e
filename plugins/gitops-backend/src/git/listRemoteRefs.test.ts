import * as childProcess from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  captureLogger,
  createTestGitServer,
  TestGitServer,
  testGit,
} from '../__testUtils__';
import { seedRepository } from '../__testUtils__/seedRepository';
import { GitCli } from './GitCli';
import { GitCommandError } from './GitCommandError';
import { RepositoryUrlPolicy } from './RepositoryUrlPolicy';

jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  return { ...actual, spawn: jest.fn(actual.spawn) };
});

const USERNAME = 'slipway-bot';
const PASSWORD = 'pw-Lr4Hq9Tz2Wc7';
const spawn = childProcess.spawn as unknown as jest.Mock;

/** git processes this side started (the test server runs http-backend). */
function gitProcesses(): string[][] {
  return spawn.mock.calls
    .filter(([command]) => command === 'git')
    .map(([, args]) => args as string[])
    .filter(args => args[0] !== 'http-backend');
}

describe('GitCli.listRemoteRefs', () => {
  let server: TestGitServer;

  beforeAll(async () => {
    server = await createTestGitServer({
      username: USERNAME,
      password: PASSWORD,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => spawn.mockClear());

  const withCredentials = (password = PASSWORD) =>
    new GitCli({
      credentials: {
        getCredentials: async () => ({ username: USERNAME, password }),
      },
    });

  it('asks a smart-HTTP server in process and agrees with git ls-remote', async () => {
    const { url, path } = await server.createRepository('agree', {
      'a.txt': 'a\n',
    });
    await testGit(['branch', 'release', 'main'], { cwd: path });
    const before = server.authorizedRequests;

    const refs = await withCredentials().listRemoteRefs(url, [
      'HEAD',
      'refs/heads/release',
    ]);

    expect(gitProcesses()).toEqual([]);
    // The capability advertisement, then one ls-refs command (protocol v2).
    expect(server.authorizedRequests - before).toBe(2);
    const withPassword = url.replace(
      'http://',
      `http://${USERNAME}:${PASSWORD}@`,
    );
    const expected = await testGit([
      'ls-remote',
      '--symref',
      withPassword,
      'HEAD',
      'refs/heads/release',
    ]);
    const head = (await testGit(['rev-parse', 'main'], { cwd: path })).trim();
    expect(expected).toBe(
      `ref: refs/heads/main\tHEAD\n${head}\tHEAD\n${head}\trefs/heads/release\n`,
    );
    expect(Object.fromEntries(refs.refs)).toEqual({
      HEAD: head,
      'refs/heads/release': head,
    });
    expect(Object.fromEntries(refs.symrefs)).toEqual({
      HEAD: 'refs/heads/main',
    });
  });

  it('asks a host that spoke protocol v2 with one request from then on', async () => {
    const { url } = await server.createRepository('second-ask', {
      'a.txt': 'a\n',
    });
    const git = withCredentials();
    let before = server.authorizedRequests;
    await git.listRemoteRefs(url, ['refs/heads/main']);
    expect(server.authorizedRequests - before).toBe(2);

    const { path: otherPath } = await server.createRepository('second-ask-2', {
      'b.txt': 'b\n',
    });
    before = server.authorizedRequests;
    const refs = await git.listRemoteRefs(`${server.url}second-ask-2.git`, [
      'HEAD',
    ]);
    expect(server.authorizedRequests - before).toBe(1);
    expect(refs.refs.get('HEAD')).toBe(
      (await testGit(['rev-parse', 'main'], { cwd: otherPath })).trim(),
    );
    expect(refs.symrefs.get('HEAD')).toBe('refs/heads/main');
    expect(gitProcesses()).toEqual([]);
  });

  it('names only the refs asked for, not those that share a prefix', async () => {
    const { url, path } = await server.createRepository('prefixes', {
      'a.txt': 'a\n',
    });
    await testGit(['branch', 'main-old', 'main'], { cwd: path });
    const refs = await withCredentials().listRemoteRefs(url, [
      'refs/heads/main',
    ]);
    expect([...refs.refs.keys()]).toEqual(['refs/heads/main']);
  });

  it('fails as git would, without a process, when the host refuses the credentials', async () => {
    const { url } = await server.createRepository('refused', {
      'a.txt': 'a\n',
    });
    const error = await withCredentials('wrong-Pq7Zx2')
      .listRemoteRefs(url, ['HEAD'])
      .catch(e => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.kind).toBe('authentication');
    expect(error.message).toBe(
      `Git authentication failed for ${url}: the host refused the configured credentials (or none are configured for it)`,
    );
    expect(JSON.stringify(error)).not.toContain('wrong-Pq7Zx2');
    expect(gitProcesses()).toEqual([]);

    const missing = await withCredentials()
      .listRemoteRefs(`${server.url}missing.git`, ['HEAD'])
      .catch(e => e);
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe(
      `Git repository ${server.url}missing.git was not found, or the configured credentials cannot see it`,
    );
  });

  it('lets git ask when no credentials are configured (git may have a helper)', async () => {
    const { url } = await server.createRepository('anonymous', {
      'a.txt': 'a\n',
    });
    const error = await new GitCli()
      .listRemoteRefs(url, ['HEAD'])
      .catch(e => e);
    expect(error.kind).toBe('authentication');
    expect(gitProcesses()).toEqual([
      ['ls-remote', '--symref', '--', url, 'HEAD'],
    ]);
  });

  it('leaves refs to git where the environment names a proxy', async () => {
    const { url } = await server.createRepository('proxied', {
      'a.txt': 'a\n',
    });
    // For https:// only, so git itself still reaches this http:// server.
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    try {
      const refs = await withCredentials().listRemoteRefs(url, ['HEAD']);
      expect(refs.symrefs.get('HEAD')).toBe('refs/heads/main');
    } finally {
      delete process.env.HTTPS_PROXY;
    }
    expect(gitProcesses()).toEqual([
      ['ls-remote', '--symref', '--', url, 'HEAD'],
    ]);
  });

  it('refuses a URL the policy does not allow before any request', async () => {
    const git = new GitCli({
      urlPolicy: new RepositoryUrlPolicy({ hosts: ['git.example.com'] }),
    });
    const before = server.authorizedRequests + server.rejectedRequests;
    await expect(
      git.listRemoteRefs(`${server.url}agree.git`, ['HEAD']),
    ).rejects.toThrow('Git host 127.0.0.1');
    expect(server.authorizedRequests + server.rejectedRequests).toBe(before);
  });
});

describe('GitCli.listRemoteRefs on a server it does not speak to', () => {
  let root: string;
  let dumb: Server;
  let url: string;
  const agents: string[] = [];

  beforeAll(async () => {
    // A dumb-HTTP repository: static files, which git reads and this
    // client does not.
    root = await fs.mkdtemp(join(tmpdir(), 'slipway-dumb-http-'));
    const repository = join(root, 'config.git');
    await seedRepository(repository, { 'a.txt': 'a\n' });
    await testGit(['update-server-info'], { cwd: repository });
    dumb = createServer(async (req, res) => {
      agents.push(userAgent(req.headers));
      const path = new URL(req.url!, 'http://x').pathname;
      try {
        const body = await fs.readFile(join(root, path));
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(body);
      } catch {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>(resolve => dumb.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(dumb.address() as AddressInfo).port}/config.git`;
  }, 60_000);

  afterAll(async () => {
    await new Promise(resolve => dumb.close(resolve));
    await fs.rm(root, { recursive: true, force: true });
  });

  it('lets git answer, and from then on asks that host with git only', async () => {
    const { logger, lines } = captureLogger();
    const git = new GitCli({ logger });
    const head = (
      await testGit(['rev-parse', 'main'], { cwd: join(root, 'config.git') })
    ).trim();

    const first = await git.listRemoteRefs(url, ['refs/heads/main']);
    expect(first.refs.get('refs/heads/main')).toBe(head);
    expect(agents[0]).toBe('git/slipway');
    expect(agents.slice(1).every(agent => agent.startsWith('git/2'))).toBe(
      true,
    );
    expect(lines.join('\n')).toContain(
      `Asking ${new URL(url).origin}/ for refs with git from now on`,
    );

    agents.length = 0;
    await git.listRemoteRefs(url, ['refs/heads/main']);
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every(agent => agent.startsWith('git/2'))).toBe(true);
  });
});

function userAgent(headers: IncomingHttpHeaders): string {
  return String(headers['user-agent'] ?? '');
}
