import { ConfigReader } from '@backstage/config';
import {
  startTestClusters,
  TestClusters,
} from './__testUtils__/startTestClusters';
import { ClusterClients } from './ClusterClients';
import { ClusterRequestError } from './ClusterRequestError';
import { readClusters } from './readClusters';
import { listTracked } from './listTracked';

const target = {
  application: 'component:default/payments',
  environment: 'dev',
};

describe('ClusterClients', () => {
  let clusters: TestClusters;
  beforeAll(async () => {
    clusters = await startTestClusters();
  });
  afterAll(async () => {
    await clusters.stop();
  });

  it('creates one client per cluster and reuses it', async () => {
    const dev = await clusters.clients.get('dev-cluster');
    expect(await clusters.clients.get('dev-cluster')).toBe(dev);
    expect(await clusters.clients.get('prod-cluster')).not.toBe(dev);
    expect(dev.url).toBe(clusters.simulator.clusters[0].url);
    expect(await listTracked(dev, target)).toEqual([]);
  });

  it('names the known clusters for an unknown name', async () => {
    await expect(clusters.clients.get('staging-cluster')).rejects.toThrow(
      'Unknown cluster "staging-cluster"; known clusters: dev-cluster, prod-cluster',
    );
  });

  it('adds clusters from suppliers and reports failing suppliers', async () => {
    const [dev] = clusters.simulator.clusters;
    const clients = new ClusterClients(readClusters(clusters.config), [
      {
        getClusters: async () => [
          {
            name: 'supplied',
            url: dev.url,
            serviceAccountToken: dev.token,
            skipTLSVerify: true,
          },
        ],
      },
      {
        getClusters: async () => {
          throw new Error('cloud API down');
        },
      },
    ]);
    const supplied = await clients.get('supplied');
    expect(supplied.url).toBe(dev.url);
    expect(await clients.get('supplied')).toBe(supplied);
    expect(await clients.names()).toEqual([
      'dev-cluster',
      'prod-cluster',
      'supplied',
    ]);
    await expect(clients.get('nope')).rejects.toThrow(
      'Unknown cluster "nope"; known clusters: dev-cluster, prod-cluster, supplied; cluster suppliers failed: supplier 2: cloud API down',
    );
  });

  it('reports an unreachable cluster by name and URL, never its token, and the other cluster still works', async () => {
    const dev = clusters.simulator.cluster('dev-cluster');
    const [devInfo] = clusters.simulator.clusters;
    // Fresh clients, so no discovery is cached from earlier tests.
    const clients = ClusterClients.fromConfig(clusters.config);
    await dev.setUnavailable(true);
    try {
      const error = await listTracked(
        await clients.get('dev-cluster'),
        target,
      ).catch(e => e);
      expect(error).toBeInstanceOf(ClusterRequestError);
      expect(error.unreachable).toBe(true);
      expect(error.message).toMatch(
        new RegExp(
          `^Cluster "dev-cluster" at ${devInfo.url} is unreachable: .*ECONNREFUSED`,
        ),
      );
      expect(JSON.stringify(error)).not.toContain(devInfo.token);
      expect(String(error.stack)).not.toContain(devInfo.token);

      const prod = await clients.get('prod-cluster');
      expect(await listTracked(prod, target)).toEqual([]);
    } finally {
      await dev.setUnavailable(false);
    }

    await dev.setUnavailable(true, 'status');
    try {
      const error = await listTracked(
        await clients.get('dev-cluster'),
        target,
      ).catch(e => e);
      expect(error.unreachable).toBe(true);
      expect(error.message).toMatch(
        /^Cluster "dev-cluster" at .* is unavailable: 503 ServiceUnavailable/,
      );
    } finally {
      await dev.setUnavailable(false);
    }
    expect(await listTracked(await clients.get('dev-cluster'), target)).toEqual(
      [],
    );
  });

  it('reports a wrong token without repeating it', async () => {
    const [devInfo] = clusters.simulator.clusters;
    const wrongToken = 'not-the-token-0123456789';
    const clients = ClusterClients.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'dev-cluster',
                  url: devInfo.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: wrongToken,
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
      }),
    );
    const error = await listTracked(
      await clients.get('dev-cluster'),
      target,
    ).catch(e => e);
    expect(error).toBeInstanceOf(ClusterRequestError);
    expect(error.status.code).toBe(401);
    expect(error.message).toMatch(
      /^Cluster "dev-cluster" at .* answered 401 Unauthorized/,
    );
    expect(error.message).not.toContain(wrongToken);
    expect(JSON.stringify(error)).not.toContain(wrongToken);
  });
});
