// A small HTTP service; Kubernetes probes /healthz (see the config repo's base).
const http = require('node:http');
const { name } = require('./package.json');

const port = Number(process.env.PORT || 8080);
const version = process.env.VERSION || 'dev';

function handle(request, response) {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('ok\n');
    return;
  }
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ service: name, version }));
}

const server = http.createServer(handle);

if (require.main === module) {
  server.listen(port, () => {
    console.log(`${name} ${version} listening on port ${port}`);
  });
  // Kubernetes sends SIGTERM before it stops a pod: finish open requests.
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

module.exports = { server };
