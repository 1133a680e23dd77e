const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { server } = require('./server');
const { name } = require('./package.json');

let baseUrl;

before(async () => {
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

test('answers the health probe', async () => {
  const response = await fetch(`${baseUrl}/healthz`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'ok\n');
});

test('names the service', async () => {
  const response = await fetch(`${baseUrl}/`);
  assert.deepEqual(await response.json(), {
    service: name,
    version: 'dev',
  });
});
