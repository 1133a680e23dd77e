import * as k8s from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  startTestClusters,
  TestClusters,
} from './__testUtils__/startTestClusters';
import { ClusterApplier } from './ClusterApplier';
import { ClusterClient } from './ClusterClient';
import { listTracked } from './listTracked';
import { pruneObjects } from './pruneObjects';
import { APPLICATION_LABEL } from './trackingLabels';

const target = {
  application: 'component:default/payments',
  environment: 'dev',
};
const tracking = target;

function configMap(name: string, annotations?: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'shop',
      ...(annotations ? { annotations } : {}),
    },
    data: { name },
  };
}
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'old-worker', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'old-worker' } },
    template: {
      metadata: { labels: { app: 'old-worker' } },
      spec: { containers: [{ name: 'app', image: 'acme/worker:1' }] },
    },
  },
};

describe('pruneObjects', () => {
  let clusters: TestClusters;
  let applier: ClusterApplier;
  let client: ClusterClient;

  beforeAll(async () => {
    clusters = await startTestClusters(['dev-cluster']);
    applier = new ClusterApplier(clusters.clients);
    client = await clusters.clients.get('dev-cluster');
    await applier.apply('dev-cluster', [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ]);
    await applier.apply(
      'dev-cluster',
      [
        configMap('keep'),
        configMap('old'),
        configMap('opted-out', { 'slipway.dev/prune': 'disabled' }),
        configMap('argo-opted-out', {
          'argocd.argoproj.io/sync-options': 'Prune=false',
        }),
        deployment,
      ],
      { tracking },
    );
    await applier.apply('dev-cluster', [configMap('other-app')], {
      tracking: { ...tracking, application: 'component:default/orders' },
    });
    await applier.apply('dev-cluster', [configMap('other-env')], {
      tracking: { ...tracking, environment: 'staging' },
    });
    await applier.apply('dev-cluster', [configMap('unlabelled')]);
  });
  afterAll(async () => {
    await clusters.stop();
  });

  async function exists(object: KubernetesObject) {
    try {
      await client.objects.read(object);
      return true;
    } catch (error) {
      if ((error as { status?: { code?: number } }).status?.code === 404) {
        return false;
      }
      throw error;
    }
  }

  it('lists only the tracked objects of this application and environment', async () => {
    const live = await listTracked(client, target);
    expect(live.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/old-worker',
      'ConfigMap/argo-opted-out',
      'ConfigMap/keep',
      'ConfigMap/old',
      'ConfigMap/opted-out',
    ]);
    expect(live[1].apiVersion).toBe('v1');
  });

  it('deletes nothing in a dry run', async () => {
    const live = await listTracked(client, target);
    const results = await pruneObjects(client, {
      desired: [configMap('keep')],
      live,
      target,
      dryRun: true,
    });
    expect(results.filter(r => r.action === 'deleted').map(r => r.id)).toEqual([
      'apps/Deployment shop/old-worker',
      'ConfigMap shop/old',
    ]);
    expect(await exists(configMap('old'))).toBe(true);
    expect(await exists(deployment)).toBe(true);
  });

  it("prunes what Git dropped, last and dependants first, and nothing that is not this application's", async () => {
    const live = await listTracked(client, target);
    const results = await pruneObjects(client, {
      desired: [{ ...configMap('keep'), metadata: { name: 'keep' } }],
      live,
      target,
      namespace: 'shop',
    });
    expect(results.map(r => [r.id, r.action, r.reason])).toEqual([
      ['ConfigMap shop/opted-out', 'skipped', 'pruning disabled by annotation'],
      [
        'ConfigMap shop/argo-opted-out',
        'skipped',
        'pruning disabled by annotation',
      ],
      ['apps/Deployment shop/old-worker', 'deleted', undefined],
      ['ConfigMap shop/old', 'deleted', undefined],
    ]);
    expect(await exists(configMap('old'))).toBe(false);
    expect(await exists(deployment)).toBe(false);
    for (const name of [
      'keep',
      'opted-out',
      'argo-opted-out',
      'other-app',
      'other-env',
      'unlabelled',
    ]) {
      expect(await exists(configMap(name))).toBe(true);
    }
  });

  it('reads each object again and keeps it when it lost the tracking label since the list', async () => {
    await applier.apply('dev-cluster', [configMap('relabelled')], { tracking });
    const live = await listTracked(client, target);
    const core = client.kubeConfig.makeApiClient(k8s.CoreV1Api);
    await core.patchNamespacedConfigMap(
      {
        name: 'relabelled',
        namespace: 'shop',
        body: { metadata: { labels: { [APPLICATION_LABEL]: null } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const results = await pruneObjects(client, {
      desired: [configMap('keep')],
      live: live.filter(o => o.metadata.name === 'relabelled'),
      target,
    });
    expect(results).toEqual([
      expect.objectContaining({
        id: 'ConfigMap shop/relabelled',
        action: 'skipped',
        reason: "it does not carry this application's tracking labels",
      }),
    ]);
    expect(await exists(configMap('relabelled'))).toBe(true);
  });

  it('keeps a tracked Namespace that still holds objects of others', async () => {
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shared' },
    };
    await applier.apply('dev-cluster', [namespace], { tracking });
    await applier.apply('dev-cluster', [
      {
        ...configMap('foreign'),
        metadata: { name: 'foreign', namespace: 'shared' },
      },
    ]);
    const live = await listTracked(client, target);
    const results = await pruneObjects(client, {
      desired: live.filter(o => o.kind !== 'Namespace'),
      live,
      target,
    });
    expect(results).toEqual([
      expect.objectContaining({
        id: 'Namespace shared',
        action: 'skipped',
        reason:
          "the namespace still holds objects that are not this application's: ConfigMap shared/foreign",
      }),
    ]);
    expect(await exists(namespace)).toBe(true);
  });
});
