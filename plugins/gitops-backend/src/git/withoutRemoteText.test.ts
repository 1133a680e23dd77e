import { promises as fs } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitCli } from './GitCli';
import { GitCommandError } from './GitCommandError';
import { RepositoryCache } from './RepositoryCache';
import { unreachableCause, withoutRemoteText } from './withoutRemoteText';

const INTERNAL_REPLY = 'internal-admin-console session=9f2c1e7a4b';

describe('withoutRemoteText', () => {
  it("keeps git's own lines and drops what the remote wrote", () => {
    expect(
      withoutRemoteText(
        `remote: ${INTERNAL_REPLY}\nremote:   more\nfatal: unable to access 'http://x/': The requested URL returned error: 500\n`,
      ),
    ).toBe(
      "fatal: unable to access 'http://x/': The requested URL returned error: 500",
    );
  });

  it('names the cause of an unreachable remote in fixed words', () => {
    expect(
      unreachableCause(
        "fatal: unable to access 'http://10.0.0.5/': Failed to connect to 10.0.0.5 port 80 after 0 ms: Connection refused",
      ),
    ).toBe('the connection was refused');
    expect(unreachableCause(`remote: connection refused\n`)).toBeUndefined();
  });
});

/*
 * Defect #12.4: an annotation pointing at an internal HTTP service made the
 * engine fetch it, and git printed the service's reply (`remote: …`), which
 * landed in the status message every reader sees.
 */
describe('errors from a server that is not a Git host', () => {
  let server: http.Server;
  let url: string;
  let cacheDir: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`${INTERNAL_REPLY}\n`);
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    url = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/config.git`;
    cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-remote-text-'));
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('never puts the reply body into the error message', async () => {
    const cache = await RepositoryCache.create({ git: new GitCli(), cacheDir });
    const error = await cache.lsRemote(url).catch(e => e);
    expect(error).toBeInstanceOf(GitCommandError);
    // git itself did show the body, as `remote:` lines.
    expect(error.stderr).toContain(INTERNAL_REPLY);
    expect(error.message).not.toContain(INTERNAL_REPLY);
    expect(error.message).toBe(
      `Cannot reach Git repository ${url}: the server answered with an error (HTTP 5xx)`,
    );
  });
});
