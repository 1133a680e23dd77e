import { PatchStrategy } from '@kubernetes/client-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createClusterClient } from './ClusterClient';
import { clusterDefinitionOf } from './ClusterDefinition';
import { ClusterRequestError } from './ClusterRequestError';

const configMapResources = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'configmaps',
      kind: 'ConfigMap',
      namespaced: true,
      verbs: ['get', 'list', 'patch', 'delete'],
    },
  ],
};

/**
 * An API server whose connection breaks (as a pooled one the server closed
 * does) for the first `resets` requests to each path.
 */
async function startServer(resets: number) {
  const seen: string[] = [];
  const broken = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const key = `${request.method} ${request.url!.split('?')[0]}`;
    seen.push(key);
    const count = broken.get(key) ?? 0;
    if (count < resets) {
      broken.set(key, count + 1);
      request.socket.destroy();
      return;
    }
    request.resume();
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      if (request.url === '/api/v1') {
        response.end(JSON.stringify(configMapResources));
      } else {
        response.end(
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'settings', namespace: 'default' },
          }),
        );
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createClusterClient(
    clusterDefinitionOf(
      { name: 'dev-cluster', url, serviceAccountToken: 't0ken' },
      'test',
    ),
  );
  return {
    objects: client.objects,
    seen,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default' },
  data: { level: 'debug' },
};

describe('PlainObjectApi on a connection that breaks before the answer', () => {
  it('sends a read and a server-side apply once more, as Go clients do', async () => {
    const server = await startServer(1);
    try {
      await expect(server.objects.getJson('/api/v1')).resolves.toMatchObject({
        kind: 'APIResourceList',
      });
      await expect(server.objects.apply(configMap)).resolves.toMatchObject({
        metadata: { name: 'settings' },
      });
      const applies = 'PATCH /api/v1/namespaces/default/configmaps/settings';
      expect(server.seen.filter(seen => seen === applies)).toHaveLength(2);
      expect(server.seen.slice(0, 2)).toEqual(['GET /api/v1', 'GET /api/v1']);
    } finally {
      await server.stop();
    }
  });

  it('does not repeat a merge patch: the first may have arrived', async () => {
    const server = await startServer(1);
    try {
      await server.objects.getJson('/api/v1');
      const patch = server.objects.patch(
        configMap,
        undefined,
        undefined,
        'slipway',
        undefined,
        PatchStrategy.MergePatch,
      );
      await expect(patch).rejects.toBeInstanceOf(ClusterRequestError);
      await expect(patch).rejects.toThrow(
        /^Cluster "dev-cluster" at http:\/\/127\.0\.0\.1:\d+ is unreachable: /,
      );
      expect(server.seen.filter(seen => seen.startsWith('PATCH'))).toHaveLength(
        1,
      );
    } finally {
      await server.stop();
    }
  });

  it('fails with the connection error when the second attempt breaks too', async () => {
    const server = await startServer(2);
    try {
      await expect(server.objects.getJson('/api')).rejects.toThrow(
        /is unreachable: .*(socket hang up|ECONNRESET)/,
      );
      expect(server.seen).toEqual(['GET /api', 'GET /api']);
    } finally {
      await server.stop();
    }
  });
});
