import { mockServices } from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  APPLICATION_LABEL,
  ClusterApplier,
  ClusterClients,
  ENVIRONMENT_LABEL,
} from '../kubernetes';
import { startTestClusters } from '../kubernetes/__testUtils__/startTestClusters';
import {
  clusterConfigOf,
  testClusterBackends,
} from '../kubernetes/__testUtils__/testClusterBackends';
import { LiveStateCache } from './LiveStateCache';

/*
 * The engine's watches survive their API server going away and coming back:
 * on the simulator by its unavailable switch, on a real kube-apiserver by
 * restarting the process (in a control plane of this test's own, so other
 * tests never see the restart).
 */

jest.setTimeout(300_000);

const run = promisify(execFile);
const kubeScript = resolve(__dirname, '../../../../scripts/kube.sh');

interface RestartableCluster {
  clients: ClusterClients;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function simulatorCluster(): Promise<RestartableCluster> {
  const clusters = await startTestClusters(['dev-cluster']);
  const dev = clusters.simulator.cluster('dev-cluster');
  return {
    clients: clusters.clients,
    async restart() {
      await dev.setUnavailable(true);
      await new Promise(r => setTimeout(r, 3000));
      await dev.setUnavailable(false);
    },
    stop: clusters.stop,
  };
}

async function kubeApiserverCluster(): Promise<RestartableCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-restart-'));
  const stop = async () => {
    await run('bash', [kubeScript, 'stop', dir]);
  };
  try {
    const { stdout } = await run('bash', [kubeScript, 'start', dir]);
    return {
      clients: ClusterClients.fromConfig(clusterConfigOf(stdout.trim())),
      async restart() {
        await run('bash', [kubeScript, 'restart', dir, 'kube-apiserver']);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const backends = testClusterBackends().map(
  b =>
    [
      b.name,
      b.name === 'simulator' ? simulatorCluster : kubeApiserverCluster,
    ] as const,
);

describe.each(backends)(
  'the live state cache on %s',
  (_name, startCluster: () => Promise<RestartableCluster>) => {
    let cluster: RestartableCluster;
    beforeAll(async () => {
      cluster = await startCluster();
    });
    afterAll(() => cluster?.stop());

    it('sees changes made after its API server restarted', async () => {
      const applier = new ClusterApplier(cluster.clients);
      const tracking = {
        application: 'component:default/payments',
        environment: 'dev',
      };
      const configMap = (name: string) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default' },
        data: { name },
      });
      const [before] = await applier.apply(
        'dev-cluster',
        [configMap('before')],
        { tracking },
      );
      expect(before.action).toBe('created');
      const labels = before.result!.metadata.labels!;
      const owner = [labels[APPLICATION_LABEL], labels[ENVIRONMENT_LABEL]];

      const live = new LiveStateCache(
        cluster.clients,
        mockServices.logger.mock(),
        () => {},
      );
      const names = () =>
        live
          .objectsOf('dev-cluster', owner[0], owner[1])
          .map(o => o.metadata.name)
          .sort();
      try {
        await live.ensureWatching('dev-cluster', [
          { apiVersion: 'v1', kind: 'ConfigMap' },
        ]);
        expect(names()).toEqual(['before']);

        await cluster.restart();
        const [after] = await applier.apply(
          'dev-cluster',
          [configMap('after')],
          { tracking },
        );
        expect(after.action).toBe('created');

        const deadline = Date.now() + 120_000;
        while (names().length < 2 && Date.now() < deadline) {
          await new Promise(r => setTimeout(r, 250));
        }
        expect(names()).toEqual(['after', 'before']);
      } finally {
        await live.stop();
      }
    });
  },
);
