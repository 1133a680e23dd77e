import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedRepository, TestRepositoryFiles } from './seedRepository';
import { TEST_GIT_ENV } from './testGit';

/**
 * A smart-HTTP Git server for tests.
 *
 * @public
 */
export interface TestGitServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Folder that holds the bare repositories. */
  readonly root: string;
  /** Requests that presented the right credentials. */
  readonly authorizedRequests: number;
  /** Requests turned away with 401. */
  readonly rejectedRequests: number;
  /**
   * Creates `<name>.git` with one commit on `main` holding `files`; returns
   * its clone URL (without credentials) and folder.
   */
  createRepository(
    name: string,
    files: TestRepositoryFiles,
  ): Promise<{ url: string; path: string }>;
  close(): Promise<void>;
}

/**
 * Starts `git http-backend` behind a Node HTTP server on 127.0.0.1 with HTTP
 * basic authentication, serving bare repositories from a temporary folder.
 * Clone, fetch, ls-remote and push work as against a real Git host.
 *
 * @public
 */
export async function createTestGitServer(options: {
  username: string;
  password: string;
}): Promise<TestGitServer> {
  const root = await fs.mkdtemp(join(tmpdir(), 'slipway-git-server-'));
  const expected = `Basic ${Buffer.from(
    `${options.username}:${options.password}`,
  ).toString('base64')}`;
  const children = new Set<ChildProcess>();
  const sockets = new Set<Socket>();
  let authorizedRequests = 0;
  let rejectedRequests = 0;

  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      rejectedRequests += 1;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="slipway-test"' });
      res.end('Authentication required\n');
      return;
    }
    authorizedRequests += 1;
    const child = runHttpBackend(root, options.username, req, res);
    children.add(child);
    child.on('close', () => children.delete(child));
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    root,
    get authorizedRequests() {
      return authorizedRequests;
    },
    get rejectedRequests() {
      return rejectedRequests;
    },
    async createRepository(name, files) {
      if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) {
        throw new Error(`Invalid test repository name "${name}"`);
      }
      const path = join(root, `${name}.git`);
      await seedRepository(path, files);
      return { url: `${url}${name}.git`, path };
    },
    async close() {
      const closed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      for (const socket of sockets) {
        socket.destroy();
      }
      await Promise.all(
        [...children].map(
          child =>
            new Promise<void>(resolve => {
              child.once('close', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      await closed;
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

function runHttpBackend(
  root: string,
  user: string,
  req: IncomingMessage,
  res: ServerResponse,
): ChildProcess {
  const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...TEST_GIT_ENV,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    PATH_INFO: decodeURIComponent(requestUrl.pathname),
    QUERY_STRING: requestUrl.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: user,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  if (req.headers['content-length']) {
    env.CONTENT_LENGTH = req.headers['content-length'];
  }
  if (req.headers['content-encoding']) {
    env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  }
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') {
    env.GIT_PROTOCOL = protocol;
  }

  const child = spawn('git', ['http-backend'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const split = findHeaderEnd(head);
    if (!split) {
      return;
    }
    const { status, headers } = parseCgiHeaders(
      head.subarray(0, split.index).toString('latin1'),
    );
    res.writeHead(status, headers);
    headersSent = true;
    res.write(head.subarray(split.index + split.length));
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.on('close', code => {
    if (!headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend exited with ${code}: ${stderr}`);
      return;
    }
    res.end();
  });
  return child;
}

function findHeaderEnd(
  buffer: Buffer,
): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    return { index: crlf, length: 4 };
  }
  return lf >= 0 ? { index: lf, length: 2 } : undefined;
}

function parseCgiHeaders(text: string): {
  status: number;
  headers: Record<string, string>;
} {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      continue;
    }
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 500;
    } else {
      headers[name] = value;
    }
  }
  return { status, headers };
}
