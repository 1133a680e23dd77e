// A smart-HTTP Git server on 127.0.0.1 for the gitops-controllers smoke test:
// `git http-backend` (part of git) behind Node's HTTP server, serving the bare
// repositories under a folder, with HTTP basic authentication when a user and
// password are given. Flux's source-controller only takes http(s) and ssh URLs,
// and Argo CD's repo server talks to the same URL, so both engines read the same
// repository through the same real Git protocol.
//
//   node git-http.mjs <root folder> <port file> [user] [password]
//
// Listens on a free port and writes it to <port file> once it is listening.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [root, portFile, user, password] = process.argv.slice(2);
if (!root || !portFile) {
  console.error(
    'usage: node git-http.mjs <root> <port file> [user] [password]',
  );
  process.exit(2);
}
const expected = user
  ? `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`
  : undefined;

function headerEnd(buffer) {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  return lf >= 0 ? { index: lf, length: 2 } : undefined;
}

const server = createServer((req, res) => {
  if (expected && req.headers.authorization !== expected) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="slipway"' });
    res.end('Authentication required\n');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/',
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  if (user) env.REMOTE_USER = user;
  if (req.headers['content-length'])
    env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding'])
    env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  if (typeof req.headers['git-protocol'] === 'string')
    env.GIT_PROTOCOL = req.headers['git-protocol'];

  const child = spawn('git', ['http-backend'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  let head = Buffer.alloc(0);
  let sent = false;
  let stderr = '';
  child.stdout.on('data', chunk => {
    if (sent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const split = headerEnd(head);
    if (!split) return;
    let status = 200;
    const headers = {};
    for (const line of head
      .subarray(0, split.index)
      .toString('latin1')
      .split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10) || 200;
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    sent = true;
    res.write(head.subarray(split.index + split.length));
  });
  child.stderr.on('data', chunk => {
    stderr += chunk.toString('utf8');
  });
  child.on('close', code => {
    if (!sent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend exited with ${code}: ${stderr}`);
      return;
    }
    res.end();
  });
});

server.listen(0, '127.0.0.1', () => {
  writeFileSync(portFile, `${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
