import * as k8s from '@kubernetes/client-node';
import {
  startTestClusters,
  TestClusters,
} from './__testUtils__/startTestClusters';
import { ClusterApplier } from './ClusterApplier';
import { createTrackedInformer } from './createTrackedInformer';

const target = {
  application: 'component:default/payments',
  environment: 'dev',
};

describe('createTrackedInformer', () => {
  let clusters: TestClusters;
  beforeAll(async () => {
    clusters = await startTestClusters(['dev-cluster']);
  });
  afterAll(async () => {
    await clusters.stop();
  });

  it("sees the application's applies and nothing else", async () => {
    const client = await clusters.clients.get('dev-cluster');
    const applier = new ClusterApplier(clusters.clients);
    await applier.apply('dev-cluster', [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watched' } },
    ]);
    const informer = await createTrackedInformer(
      client,
      { apiVersion: 'v1', kind: 'ConfigMap' },
      target,
      'watched',
    );
    const seen: string[] = [];
    const events = (verb: string) => (object: k8s.KubernetesObject) =>
      seen.push(
        `${verb} ${object.metadata?.name} ${
          (object as k8s.V1ConfigMap).data?.data
        }`,
      );
    informer.on(k8s.ADD, events('add'));
    informer.on(k8s.UPDATE, events('update'));
    informer.on(k8s.DELETE, events('delete'));
    await informer.start();
    try {
      const cm = (data: string) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'watched' },
        data: { data },
      });
      await applier.apply('dev-cluster', [cm('a')], {
        tracking: target,
      });
      await applier.apply('dev-cluster', [
        { ...cm('x'), metadata: { name: 'untracked', namespace: 'watched' } },
      ]);
      await applier.apply('dev-cluster', [cm('b')], {
        tracking: target,
      });
      await waitFor(() => seen.length >= 2);
      expect(seen).toEqual(['add settings a', 'update settings b']);
      expect(informer.list('watched').map(o => o.metadata?.name)).toEqual([
        'settings',
      ]);
    } finally {
      await informer.stop();
    }
  });

  it('refuses a kind the cluster does not serve', async () => {
    const client = await clusters.clients.get('dev-cluster');
    await expect(
      createTrackedInformer(
        client,
        { apiVersion: 'example.com/v1', kind: 'Widget' },
        target,
      ),
    ).rejects.toThrow(
      'Cluster "dev-cluster" does not serve kind Widget in group example.com (apiVersion example.com/v1)',
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
