import * as k8s from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  startTestClusters,
  TestClusters,
} from './__testUtils__/startTestClusters';
import { ClusterApplier } from './ClusterApplier';
import { ClusterClients } from './ClusterClients';
import { ClusterRequestError } from './ClusterRequestError';
import { APPLICATION_LABEL, ENTITY_REF_ANNOTATION } from './trackingLabels';

const tracking = {
  application: 'component:default/payments',
  environment: 'dev',
};

function configMap(
  name: string,
  data: Record<string, string>,
  namespace?: string,
) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    data,
  };
}

function deployment(name: string, namespace: string, labels = { app: name }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: `acme/${name}:1.0.0` }] },
      },
    },
  };
}

describe('ClusterApplier', () => {
  let clusters: TestClusters;
  let applier: ClusterApplier;

  beforeAll(async () => {
    clusters = await startTestClusters();
    applier = new ClusterApplier(clusters.clients, {
      newKindWaitMs: 2000,
      pollMs: 20,
    });
    await applier.apply('dev-cluster', [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    ]);
  });
  afterAll(async () => {
    await clusters.stop();
  });

  async function live(object: KubernetesObject): Promise<KubernetesObject> {
    const client = await clusters.clients.get('dev-cluster');
    return (await client.objects.read(object)) as KubernetesObject;
  }

  it('creates, then leaves an identical object unchanged', async () => {
    const desired = [configMap('settings', { mode: 'a' })];
    const [created] = await applier.apply('dev-cluster', desired, {
      namespace: 'payments',
      tracking,
    });
    expect(created).toMatchObject({
      id: 'ConfigMap payments/settings',
      action: 'created',
    });
    const stored = await live({
      ...desired[0],
      metadata: { name: 'settings', namespace: 'payments' },
    });
    expect(stored.metadata.labels?.[APPLICATION_LABEL]).toMatch(/^payments-/);
    expect(stored.metadata.annotations?.[ENTITY_REF_ANNOTATION]).toBe(
      'component:default/payments',
    );
    expect(stored.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'slipway', operation: 'Apply' }),
    ]);
    // Plain JSON, not client-node's model classes.
    expect(typeof stored.metadata.creationTimestamp).toBe('string');

    const [again] = await applier.apply('dev-cluster', desired, {
      namespace: 'payments',
      tracking,
    });
    expect(again.action).toBe('unchanged');
    const after = await live(stored);
    expect(after.metadata.resourceVersion).toBe(
      stored.metadata.resourceVersion,
    );

    const [changed] = await applier.apply(
      'dev-cluster',
      [configMap('settings', { mode: 'b' })],
      { namespace: 'payments', tracking },
    );
    expect(changed.action).toBe('configured');
    expect((await live(stored)).data).toEqual({ mode: 'b' });
  });

  it('takes the state before each apply from what a watch saw, and still tells a creation by the 201', async () => {
    const client = await clusters.clients.get('dev-cluster');
    const reads = jest.spyOn(client.objects, 'read');
    try {
      const desired = [configMap('watched', { mode: 'a' })];
      const [created] = await applier.apply('dev-cluster', desired, {
        namespace: 'payments',
        tracking,
        before: [],
      });
      expect(created.action).toBe('created');

      const seen = [created.result!];
      const [unchanged] = await applier.apply('dev-cluster', desired, {
        namespace: 'payments',
        tracking,
        before: seen,
      });
      expect(unchanged.action).toBe('unchanged');

      const [configured] = await applier.apply(
        'dev-cluster',
        [configMap('watched', { mode: 'b' })],
        { namespace: 'payments', tracking, before: seen },
      );
      expect(configured.action).toBe('configured');

      // An object the watch never saw, yet there: configured, not created.
      const [unseen] = await applier.apply(
        'dev-cluster',
        [configMap('watched', { mode: 'c' })],
        { namespace: 'payments', tracking, before: [] },
      );
      expect(unseen.action).toBe('configured');
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it('reports a conflict with another field manager with the API message, and takes the field over only with force', async () => {
    await applier.apply('dev-cluster', [
      configMap('flags', { beta: 'on' }, 'payments'),
    ]);
    const client = await clusters.clients.get('dev-cluster');
    const kubectl = k8s.KubernetesObjectApi.makeApiClient(client.kubeConfig);
    await kubectl.patch(
      configMap('flags', { beta: 'off' }, 'payments'),
      undefined,
      undefined,
      'kubectl-edit',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );

    const [conflict] = await applier.apply('dev-cluster', [
      configMap('flags', { beta: 'on' }, 'payments'),
    ]);
    expect(conflict).toMatchObject({
      id: 'ConfigMap payments/flags',
      action: 'failed',
      error:
        'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.beta',
    });

    const [forced] = await applier.apply(
      'dev-cluster',
      [configMap('flags', { beta: 'on' }, 'payments')],
      { force: true },
    );
    expect(forced.action).toBe('configured');
    const stored = await live(configMap('flags', {}, 'payments'));
    expect(stored.data).toEqual({ beta: 'on' });
  });

  it('changes nothing in a dry run, yet reports what would change', async () => {
    const before = await live(configMap('settings', {}, 'payments'));
    const results = await applier.apply(
      'dev-cluster',
      [
        configMap('settings', { mode: 'dry' }, 'payments'),
        configMap('dry-new', { x: 'y' }, 'payments'),
      ],
      { dryRun: true, tracking },
    );
    expect(results.map(r => [r.id, r.action])).toEqual([
      ['ConfigMap payments/settings', 'configured'],
      ['ConfigMap payments/dry-new', 'created'],
    ]);
    const after = await live(before);
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(after.data).toEqual({ mode: 'b' });
    const missing = await live(configMap('dry-new', {}, 'payments')).catch(
      e => e,
    );
    expect(missing.status.code).toBe(404);
  });

  it('applies a Namespace and the objects in it in one call, in dependency order', async () => {
    const results = await applier.apply(
      'dev-cluster',
      [
        deployment('api', 'orders'),
        configMap('orders-config', { a: 'b' }, 'orders'),
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'api', namespace: 'orders' },
          spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'orders' } },
      ],
      { tracking },
    );
    expect(results.map(r => [r.id, r.action])).toEqual([
      ['Namespace orders', 'created'],
      ['ConfigMap orders/orders-config', 'created'],
      ['Service orders/api', 'created'],
      ['apps/Deployment orders/api', 'created'],
    ]);
  });

  it('notes what a dry run cannot check in a namespace it only pretends to create', async () => {
    const results = await applier.apply(
      'dev-cluster',
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'preview' } },
        configMap('c', { a: 'b' }, 'preview'),
      ],
      { dryRun: true },
    );
    expect(results).toEqual([
      expect.objectContaining({ id: 'Namespace preview', action: 'created' }),
      expect.objectContaining({
        id: 'ConfigMap preview/c',
        action: 'created',
        note: 'not checked by the cluster: namespace preview is only created in this dry run',
      }),
    ]);
  });

  it('applies a CRD and its custom resources in one call', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        ],
      },
    };
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'payments' },
      spec: { size: 3 },
    };
    const results = await applier.apply('dev-cluster', [widget, crd]);
    expect(results.map(r => [r.id, r.action])).toEqual([
      [
        'apiextensions.k8s.io/CustomResourceDefinition widgets.example.com',
        'created',
      ],
      ['example.com/Widget payments/w1', 'created'],
    ]);
  });

  it('reports an unknown kind precisely', async () => {
    const [result] = await applier.apply('dev-cluster', [
      {
        apiVersion: 'gadgets.example.org/v1',
        kind: 'Gadget',
        metadata: { name: 'g', namespace: 'payments' },
      },
    ]);
    expect(result).toMatchObject({
      action: 'failed',
      error:
        'the cluster does not serve kind Gadget in group gadgets.example.org (apiVersion gadgets.example.org/v1)',
    });
    const [core] = await applier.apply('dev-cluster', [
      { apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g' } },
    ]);
    expect(core.error).toBe(
      'the cluster does not serve kind Gizmo in group "" (core) (apiVersion v1)',
    );
  });

  it('shows the API message for a rejected manifest and applies the rest', async () => {
    const results = await applier.apply('dev-cluster', [
      deployment('broken', 'payments', { app: 'other' }),
      configMap('after-broken', { a: 'b' }, 'payments'),
    ]);
    expect(results).toEqual([
      expect.objectContaining({
        id: 'ConfigMap payments/after-broken',
        action: 'created',
      }),
      expect.objectContaining({
        id: 'apps/Deployment payments/broken',
        action: 'failed',
        error: expect.stringContaining(
          'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
        ),
      }),
    ]);
  });

  it('reports an object too large for the cluster', async () => {
    const [result] = await applier.apply('dev-cluster', [
      configMap('big', { blob: 'x'.repeat(2 * 1024 * 1024) }, 'payments'),
    ]);
    expect(result.action).toBe('failed');
    expect(result.error).toMatch(
      /^ConfigMap "big" is too large: the object is \d+ bytes, more than the limit of \d+ bytes$/,
    );
  });

  it('stops after a failed Namespace, since what follows lives in it', async () => {
    const results = await applier.apply('dev-cluster', [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } },
      configMap('c', { a: 'b' }, 'Bad_Name'),
    ]);
    expect(results[0]).toMatchObject({
      id: 'Namespace Bad_Name',
      action: 'failed',
    });
    expect(results[0].error).toContain('Bad_Name');
    expect(results[1]).toEqual(
      expect.objectContaining({
        action: 'skipped',
        error: 'not applied because Namespace Bad_Name failed',
      }),
    );
  });

  it('never repeats a Secret value in an error', async () => {
    const [result] = await applier.apply('dev-cluster', [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        // The API server quotes the invalid label value, which is the secret.
        metadata: {
          name: 's',
          namespace: 'payments',
          labels: { app: 'hunter 22!' },
        },
        data: { password: Buffer.from('hunter 22!').toString('base64') },
      },
    ]);
    expect(result).toMatchObject({
      action: 'failed',
      error: expect.stringContaining(
        'metadata.labels: Invalid value: "++++++++"',
      ),
    });
    expect(result.error).not.toContain('hunter 22!');
  });

  it('throws a clear error for an unreachable cluster while another keeps working', async () => {
    const dev = clusters.simulator.cluster('dev-cluster');
    const unreachable = new ClusterApplier(
      // Fresh clients: nothing cached from the tests above.
      ClusterClients.fromConfig(clusters.config),
    );
    await dev.setUnavailable(true);
    try {
      const error = await unreachable
        .apply('dev-cluster', [configMap('x', { a: 'b' }, 'default')])
        .catch(e => e);
      expect(error).toBeInstanceOf(ClusterRequestError);
      expect(error.message).toMatch(
        /^Cluster "dev-cluster" at http:\/\/127\.0\.0\.1:\d+ is unreachable/,
      );
      const [prod] = await unreachable.apply('prod-cluster', [
        configMap('x', { a: 'b' }, 'default'),
      ]);
      expect(prod.action).toBe('created');
    } finally {
      await dev.setUnavailable(false);
    }
  });
});
