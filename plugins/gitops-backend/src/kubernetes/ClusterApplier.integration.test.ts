import * as k8s from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { assessHealth } from '../health/assessHealth';
import {
  BackendClusters,
  TestClusterBackend,
  testClusterBackends,
} from './__testUtils__/testClusterBackends';
import { ClusterApplier } from './ClusterApplier';
import { ClusterClient } from './ClusterClient';
import { listTracked } from './listTracked';
import { pruneObjects } from './pruneObjects';

/*
 * The engine's cluster parts — apply, drift and force, prune, the tracked
 * watch, new kinds and health — on every backend: the simulator, and a real
 * kube-apiserver with real controllers and KWOK nodes when the test command
 * started one. Each run works in its own namespace.
 */

jest.setTimeout(180_000);

const WAIT = 120_000;
const backends = testClusterBackends().map(b => [b.name, b] as const);

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = WAIT,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Not reached within ${timeoutMs} ms; last: ${JSON.stringify(
          value,
        ).slice(0, 1500)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe.each(backends)(
  'the cluster parts of the engine on %s',
  (backendName, backend: TestClusterBackend) => {
    let clusters: BackendClusters;
    let applier: ClusterApplier;
    let client: ClusterClient;
    let ns: string;
    let target: { application: string; environment: string };

    const deployment = (
      name: string,
      image: string,
      spec: Record<string, unknown> = {},
      podSpec: Record<string, unknown> = {},
    ) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        ...spec,
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'app', image }], ...podSpec },
        },
      },
    });
    const service = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { selector: { app: name }, ports: [{ port: 80 }] },
    });
    const configMap = (name: string, data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: ns },
      data,
    });
    const live = (object: KubernetesObject) =>
      client.objects.read(object) as Promise<KubernetesObject & any>;
    const exists = (object: KubernetesObject) =>
      live(object).then(
        () => true,
        error => {
          if ((error as { code?: number }).code === 404) return false;
          if ((error as any).status?.code === 404) return false;
          throw error;
        },
      );

    beforeAll(async () => {
      clusters = await backend.start();
      ns = clusters.unique('engine');
      target = { application: 'component:default/payments', environment: ns };
      applier = new ClusterApplier(clusters.clients, {
        newKindWaitMs: 60_000,
        pollMs: 100,
      });
      client = await clusters.clients.get('dev-cluster');
      const [created] = await applier.apply('dev-cluster', [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      ]);
      if (created.action !== 'created') {
        throw new Error(`Namespace ${ns}: ${created.action} ${created.error}`);
      }
    });
    afterAll(async () => {
      await client?.objects
        .delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns },
        })
        .catch(() => undefined);
      await clusters?.stop();
    });

    it('creates, finds a server-defaulted object unchanged, and configures only what Git changed', async () => {
      const desired = [
        deployment('web', 'acme/web:1'),
        service('web'),
        configMap('settings', { mode: 'a' }),
      ];
      const created = await applier.apply('dev-cluster', desired, {
        tracking: target,
      });
      expect(created.map(r => [r.id, r.action])).toEqual([
        [`ConfigMap ${ns}/settings`, 'created'],
        [`Service ${ns}/web`, 'created'],
        [`apps/Deployment ${ns}/web`, 'created'],
      ]);
      const before = await live(desired[0]);

      // The real server filled in defaults (strategy, restartPolicy,
      // clusterIP, …) that Git never names: that is no change.
      const again = await applier.apply('dev-cluster', desired, {
        tracking: target,
      });
      expect(again.map(r => r.action)).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
      expect((await live(desired[0])).metadata.generation).toBe(
        before.metadata.generation,
      );

      const changed = await applier.apply(
        'dev-cluster',
        [deployment('web', 'acme/web:2'), desired[1], desired[2]],
        { tracking: target },
      );
      expect(changed.map(r => [r.id, r.action])).toEqual([
        [`ConfigMap ${ns}/settings`, 'unchanged'],
        [`Service ${ns}/web`, 'unchanged'],
        [`apps/Deployment ${ns}/web`, 'configured'],
      ]);
      expect(
        (await live(desired[0])).spec.template.spec.containers[0].image,
      ).toBe('acme/web:2');
    });

    it('sees a manual change as a conflict, and reverts it only with force', async () => {
      // `kubectl scale` or `kubectl edit`: an update by another manager.
      const kubectl = k8s.KubernetesObjectApi.makeApiClient(client.kubeConfig);
      await kubectl.patch(
        { ...deployment('web', 'acme/web:2'), spec: { replicas: 5 } } as any,
        undefined,
        undefined,
        'kubectl-edit',
        undefined,
        k8s.PatchStrategy.MergePatch,
      );
      const desired = [deployment('web', 'acme/web:2')];
      const [refused] = await applier.apply('dev-cluster', desired, {
        tracking: target,
      });
      expect(refused).toMatchObject({
        action: 'failed',
        reason: 'Conflict',
        error: `Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas`,
      });
      expect((await live(desired[0])).spec.replicas).toBe(5);

      const [healed] = await applier.apply('dev-cluster', desired, {
        tracking: target,
        force: true,
      });
      expect(healed.action).toBe('configured');
      expect((await live(desired[0])).spec.replicas).toBe(2);
    });

    it('prunes what Git dropped and keeps what it still declares', async () => {
      await applier.apply(
        'dev-cluster',
        [configMap('old', { x: '1' }), configMap('settings', { mode: 'a' })],
        { tracking: target },
      );
      const tracked = await listTracked(client, target);
      expect(tracked.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/old',
        'ConfigMap/settings',
        'Deployment/web',
        'Service/web',
      ]);
      const desired = [
        deployment('web', 'acme/web:2'),
        service('web'),
        configMap('settings', { mode: 'a' }),
      ];
      const results = await pruneObjects(client, {
        desired,
        live: tracked,
        target,
      });
      expect(
        results.filter(r => r.action !== 'skipped').map(r => [r.id, r.action]),
      ).toEqual([[`ConfigMap ${ns}/old`, 'deleted']]);
      expect(await exists(configMap('old', {}))).toBe(false);
      expect(await exists(configMap('settings', {}))).toBe(true);
    });

    it('applies a CustomResourceDefinition and its first object in one go', async () => {
      const group = `${clusters.unique('g')}.slipway.dev`;
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `canaries.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'canaries', singular: 'canary', kind: 'Canary' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { weight: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          ],
        },
      };
      try {
        const results = await applier.apply(
          'dev-cluster',
          [
            {
              apiVersion: `${group}/v1`,
              kind: 'Canary',
              metadata: { name: 'web', namespace: ns },
              spec: { weight: 10 },
            },
            crd,
          ],
          { tracking: target },
        );
        expect(results.map(r => [r.id, r.action])).toEqual([
          [
            `apiextensions.k8s.io/CustomResourceDefinition canaries.${group}`,
            'created',
          ],
          [`${group}/Canary ${ns}/web`, 'created'],
        ]);
      } finally {
        await client.objects.delete(crd).catch(() => undefined);
      }
    });

    it('judges workloads as their controllers drive them', async () => {
      const workloads: KubernetesObject[] = [
        deployment('healthy', 'acme/web:1'),
        deployment(
          'stuck',
          'acme/web:1',
          { replicas: 1, progressDeadlineSeconds: 1 },
          // No node carries this label: the Pod is never scheduled.
          { nodeSelector: { 'slipway.dev/none': 'none' } },
        ),
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'db', namespace: ns },
          spec: {
            replicas: 2,
            serviceName: 'db',
            selector: { matchLabels: { app: 'db' } },
            template: {
              metadata: { labels: { app: 'db' } },
              spec: { containers: [{ name: 'db', image: 'acme/db:1' }] },
            },
          },
        },
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'migrate', namespace: ns },
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'migrate', image: 'acme/migrate:1' }],
              },
            },
          },
        },
      ];
      const applied = await applier.apply('dev-cluster', workloads, {
        tracking: target,
      });
      expect(applied.every(r => r.action === 'created')).toBe(true);
      const health = async () =>
        Object.fromEntries(
          await Promise.all(
            workloads.map(async w => [
              `${w.kind}/${w.metadata.name}`,
              assessHealth(await live(w)).status,
            ]),
          ),
        );
      const expected = {
        'Deployment/healthy': 'Healthy',
        // The simulator has no scheduler: there the stuck Pod runs.
        'Deployment/stuck':
          backendName === 'simulator' ? 'Healthy' : 'Degraded',
        'StatefulSet/db': 'Healthy',
        'Job/migrate': 'Healthy',
      };
      const settled = await eventually(health, h =>
        Object.entries(expected).every(([k, v]) => h[k] === v),
      );
      expect(settled).toEqual(expected);
    });
  },
);
