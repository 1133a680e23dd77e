/*
 * Copyright 2026 The Slipway Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import * as k8s from '@kubernetes/client-node';
import { KubeSimulator, startKubeSimulator } from './startKubeSimulator';

const MANAGER = 'slipway-test';

function kubeConfig(info: {
  name: string;
  url: string;
  token: string;
  caData?: string;
}) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    // client-node refuses plain http unless skipTLSVerify is set.
    clusters: [
      {
        name: info.name,
        server: info.url,
        caData: info.caData,
        skipTLSVerify: info.url.startsWith('http:'),
      },
    ],
    users: [{ name: info.name, token: info.token }],
    contexts: [{ name: info.name, cluster: info.name, user: info.name }],
    currentContext: info.name,
  });
  return kc;
}

function deployment(
  name: string,
  image: string,
  extra: Record<string, any> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'app.kubernetes.io/managed-by': 'slipway', app: name },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image, ports: [{ containerPort: 8080 }] },
          ],
        },
      },
      ...extra,
    },
  };
}

/** The Status body of a failed client-node call. */
async function statusOf(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    const body = (error as { body?: unknown }).body;
    return typeof body === 'string' ? JSON.parse(body) : body;
  }
  throw new Error('expected the call to fail');
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('startKubeSimulator through @kubernetes/client-node', () => {
  let simulator: KubeSimulator;
  let kc: k8s.KubeConfig;
  let objects: k8s.KubernetesObjectApi;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  beforeAll(async () => {
    simulator = await startKubeSimulator({
      clusters: ['dev-cluster', 'prod-cluster'],
      controller: { tickMs: 20, progressDeadlineTicks: 3 },
      watch: { bookmarkIntervalMs: 50 },
    });
    kc = kubeConfig(simulator.clusters[0]);
    objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'shop' } } });
  });

  afterAll(async () => {
    await simulator.stop();
  });

  const apply = (
    spec: k8s.KubernetesObject & Record<string, unknown>,
    options: { dryRun?: string; force?: boolean; manager?: string } = {},
  ) =>
    objects.patch(
      spec,
      undefined,
      options.dryRun,
      options.manager ?? MANAGER,
      options.force,
      k8s.PatchStrategy.ServerSideApply,
    );

  it('serves each named cluster on its own URL with its own token', async () => {
    expect(simulator.clusters.map(c => c.name)).toEqual([
      'dev-cluster',
      'prod-cluster',
    ]);
    const [dev, prod] = simulator.clusters;
    expect(dev.url).not.toEqual(prod.url);
    expect(dev.token).not.toEqual(prod.token);
    const prodCore = kubeConfig(prod).makeApiClient(k8s.CoreV1Api);
    const namespaces = await prodCore.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).not.toContain('shop');

    const wrongToken = kubeConfig({ ...prod, token: dev.token }).makeApiClient(
      k8s.CoreV1Api,
    );
    const denied = await statusOf(wrongToken.listNamespace());
    expect(denied).toBeUndefined();
    const raw = await fetch(`${prod.url}/api/v1/namespaces`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('describes built-in kinds in discovery', async () => {
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'autoscaling',
        'rbac.authorization.k8s.io',
        'apiextensions.k8s.io',
      ]),
    );
    const appsResources = await kc
      .makeApiClient(k8s.AppsV1Api)
      .getAPIResources();
    expect(
      appsResources.resources.find(r => r.name === 'deployments'),
    ).toMatchObject({
      kind: 'Deployment',
      namespaced: true,
      shortNames: ['deploy'],
      verbs: expect.arrayContaining([
        'get',
        'list',
        'watch',
        'create',
        'update',
        'patch',
        'delete',
      ]),
    });
    const coreResources = await core.getAPIResources();
    expect(
      coreResources.resources.find(r => r.name === 'namespaces')?.namespaced,
    ).toBe(false);
  });

  it('applies, re-applies without change, and reports conflicts until forced', async () => {
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'flags', namespace: 'shop' },
      data: { beta: 'on' },
    };
    const first = await apply(config);
    const second = await apply(config);
    expect(second.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(second.metadata?.managedFields).toEqual(
      first.metadata?.managedFields,
    );

    const created = await apply(deployment('checkout', 'shop/checkout:1.0.0'));
    expect(created.metadata?.resourceVersion).toBeTruthy();
    expect(created.metadata?.generation).toBe(1);
    expect(created.metadata?.managedFields).toEqual([
      expect.objectContaining({
        manager: MANAGER,
        operation: 'Apply',
        fieldsType: 'FieldsV1',
      }),
    ]);

    // The controller writes status meanwhile, so only generation is stable here.
    const again = await apply(deployment('checkout', 'shop/checkout:1.0.0'));
    expect(again.metadata?.generation).toBe(1);

    const bumped = await apply(deployment('checkout', 'shop/checkout:1.1.0'));
    expect(bumped.metadata?.generation).toBe(2);
    expect(Number(bumped.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );

    const scale = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: { replicas: 5 },
    };
    const conflict = await statusOf(apply(scale, { manager: 'kubectl-scale' }));
    expect(conflict).toMatchObject({
      kind: 'Status',
      code: 409,
      reason: 'Conflict',
      message: `Apply failed with 1 conflict: conflict with "${MANAGER}" using apps/v1: .spec.replicas`,
      details: {
        causes: [{ reason: 'FieldManagerConflict', field: '.spec.replicas' }],
      },
    });

    const forced = (await apply(scale, {
      manager: 'kubectl-scale',
      force: true,
    })) as k8s.V1Deployment;
    expect(forced.spec?.replicas).toBe(5);
    const managers = forced.metadata?.managedFields?.map(f => f.manager);
    expect(managers).toEqual([MANAGER, 'kubectl-scale']);
    const ours = forced.metadata?.managedFields?.find(
      f => f.manager === MANAGER,
    ) as any;
    expect(ours.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });

  it('removes fields a manager stops applying', async () => {
    const withAnnotation = deployment('search', 'shop/search:1.0.0');
    (withAnnotation.metadata as any).annotations = {
      'slipway.dev/note': 'first',
    };
    await apply(withAnnotation);
    const without = (await apply(
      deployment('search', 'shop/search:1.0.0'),
    )) as k8s.V1Deployment;
    expect(without.metadata?.annotations?.['slipway.dev/note']).toBeUndefined();
  });

  it('stores nothing on dry runs', async () => {
    const dry = (await apply(deployment('dry', 'shop/dry:1'), {
      dryRun: 'All',
    })) as k8s.V1Deployment;
    expect(dry.metadata?.name).toBe('dry');
    const missing = await statusOf(
      apps.readNamespacedDeployment({ name: 'dry', namespace: 'shop' }),
    );
    expect(missing).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'deployments.apps "dry" not found',
    });

    // A ConfigMap: no controller writes to it between the reads.
    const before = await core.readNamespacedConfigMap({
      name: 'flags',
      namespace: 'shop',
    });
    await core.deleteNamespacedConfigMap({
      name: 'flags',
      namespace: 'shop',
      dryRun: 'All',
    });
    const dryChange = await apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'flags', namespace: 'shop' },
        data: { beta: 'off' },
      },
      { dryRun: 'All' },
    );
    expect((dryChange as k8s.V1ConfigMap).data).toEqual({ beta: 'off' });
    const after = await core.readNamespacedConfigMap({
      name: 'flags',
      namespace: 'shop',
    });
    expect(after.metadata?.resourceVersion).toBe(
      before.metadata?.resourceVersion,
    );
    expect(after.data).toEqual({ beta: 'on' });

    const dryUpdate = await apply(
      deployment('checkout', 'shop/checkout:9.9.9'),
      { dryRun: 'All', force: true },
    );
    expect(
      (dryUpdate as k8s.V1Deployment).spec?.template.spec?.containers[0].image,
    ).toBe('shop/checkout:9.9.9');
    const stored = await apps.readNamespacedDeployment({
      name: 'checkout',
      namespace: 'shop',
    });
    expect(stored.spec?.template.spec?.containers[0].image).toBe(
      'shop/checkout:1.1.0',
    );
  });

  it('supports create, replace with resourceVersion checks, and the patch types', async () => {
    const cm = await core.createNamespacedConfigMap({
      namespace: 'shop',
      body: {
        metadata: {
          name: 'settings',
          labels: { 'app.kubernetes.io/managed-by': 'slipway' },
        },
        data: { mode: 'a' },
      },
    });
    const dup = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'shop',
        body: { metadata: { name: 'settings' } },
      }),
    );
    expect(dup).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "settings" already exists',
    });

    const replaced = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'shop',
      body: { ...cm, data: { mode: 'b' } },
    });
    expect(replaced.data).toEqual({ mode: 'b' });
    const stale = await statusOf(
      core.replaceNamespacedConfigMap({
        name: 'settings',
        namespace: 'shop',
        body: { ...cm, data: { mode: 'c' } },
      }),
    );
    expect(stale).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
    });

    const merged = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'shop', body: { data: { extra: 'x' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ mode: 'b', extra: 'x' });
    const patched = await core.patchNamespacedConfigMap(
      {
        name: 'settings',
        namespace: 'shop',
        body: [{ op: 'remove', path: '/data/extra' }],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    expect(patched.data).toEqual({ mode: 'b' });

    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'search',
        namespace: 'shop',
        body: {
          spec: {
            template: {
              spec: { containers: [{ name: 'sidecar', image: 'envoy:1' }] },
            },
          },
        },
      },
      k8s.setHeaderOptions(
        'Content-Type',
        k8s.PatchStrategy.StrategicMergePatch,
      ),
    );
    expect(strategic.spec?.template.spec?.containers.map(c => c.name)).toEqual([
      'app',
      'sidecar',
    ]);
  });

  it('lists by label and field selector and prunes by label', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'stale',
        namespace: 'shop',
        labels: { 'app.kubernetes.io/managed-by': 'slipway' },
      },
      data: { a: '1' },
    });
    await apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'foreign',
        namespace: 'shop',
        labels: { owner: 'someone-else' },
      },
      data: { a: '1' },
    });

    const tracked = await core.listNamespacedConfigMap({
      namespace: 'shop',
      labelSelector: 'app.kubernetes.io/managed-by=slipway',
    });
    expect(tracked.items.map(i => i.metadata?.name)).toEqual([
      'settings',
      'stale',
    ]);
    const byField = await core.listNamespacedConfigMap({
      namespace: 'shop',
      fieldSelector: 'metadata.name=foreign',
    });
    expect(byField.items.map(i => i.metadata?.name)).toEqual(['foreign']);
    const notIn = await core.listNamespacedConfigMap({
      namespace: 'shop',
      labelSelector: 'owner notin (someone-else),!app.kubernetes.io/managed-by',
    });
    expect(notIn.items.map(i => i.metadata?.name)).toEqual(['flags']);

    const desired = new Set(['settings']);
    for (const item of tracked.items.filter(
      i => !desired.has(i.metadata!.name!),
    )) {
      await objects.delete({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: item.metadata!.name, namespace: 'shop' },
      });
    }
    const remaining = await core.listNamespacedConfigMap({ namespace: 'shop' });
    expect(remaining.items.map(i => i.metadata?.name)).toEqual([
      'flags',
      'foreign',
      'settings',
    ]);
  });

  it('rejects what the real API rejects, with its Status', async () => {
    const invalid = await statusOf(apply(deployment('bad_name', 'x:1')));
    expect(invalid).toMatchObject({
      kind: 'Status',
      code: 422,
      reason: 'Invalid',
    });
    expect(invalid.message).toMatch(
      /^Deployment\.apps "bad_name" is invalid: metadata\.name: Invalid value: "bad_name": a lowercase RFC 1123 subdomain/,
    );

    const mismatch = deployment('mismatch', 'x:1');
    mismatch.spec.template.metadata.labels = { app: 'other' };
    const selector = await statusOf(apply(mismatch));
    expect(selector).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(selector.message).toContain(
      'spec.template.metadata.labels: Invalid value',
    );
    expect(selector.details.causes[0]).toMatchObject({
      field: 'spec.template.metadata.labels',
    });

    const noImage = deployment('no-image', 'x:1');
    delete (noImage.spec.template.spec.containers[0] as any).image;
    expect((await statusOf(apply(noImage))).message).toBe(
      'Deployment.apps "no-image" is invalid: spec.template.spec.containers[0].image: Required value',
    );

    const badData = await statusOf(
      apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'typed', namespace: 'shop' },
        data: { port: 8080 },
      } as any),
    );
    expect(badData).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    });

    const noNamespace = await statusOf(
      apply({
        ...deployment('lost', 'x:1'),
        metadata: { name: 'lost', namespace: 'nowhere' },
      }),
    );
    expect(noNamespace).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
    });
  });

  it('refuses objects and bodies that are too large', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const tooLarge = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'shop',
        body: { metadata: { name: 'big' }, data: { big } },
      }),
    );
    expect(tooLarge).toMatchObject({
      kind: 'Status',
      code: 422,
      reason: 'RequestEntityTooLarge',
    });
    expect(tooLarge.message).toContain('ConfigMap "big" is too large');

    const huge = 'x'.repeat(4 * 1024 * 1024);
    const bodyTooLarge = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'shop',
        body: { metadata: { name: 'huge' }, data: { huge } },
      }),
    );
    expect(bodyTooLarge).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
  });

  it('answers unknown kinds with 404 like the real server', async () => {
    const response = await fetch(
      `${simulator.clusters[0].url}/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts`,
      {
        headers: { Authorization: `Bearer ${simulator.clusters[0].token}` },
      },
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      code: 404,
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
    await expect(
      apply({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'r', namespace: 'shop' },
      }),
    ).rejects.toThrow(
      /Failed to fetch resource metadata for argoproj.io\/v1alpha1\/Rollout/,
    );
  });

  it('serves the kinds a CustomResourceDefinition adds', async () => {
    await apply({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'rollouts.argoproj.io' },
      spec: {
        group: 'argoproj.io',
        scope: 'Namespaced',
        names: {
          kind: 'Rollout',
          plural: 'rollouts',
          singular: 'rollout',
          shortNames: ['ro'],
          listKind: 'RolloutList',
        },
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
            subresources: { status: {} },
          },
        ],
      },
    } as any);
    const rollout = await apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'canary', namespace: 'shop' },
      spec: { replicas: 1 },
    } as any);
    expect(rollout.metadata?.uid).toBeTruthy();
    const list = await objects.list('argoproj.io/v1alpha1', 'Rollout', 'shop');
    expect(list.items.map(i => i.metadata?.name)).toEqual(['canary']);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const got = await custom.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'shop',
      plural: 'rollouts',
      name: 'canary',
    });
    expect(got.spec).toEqual({ replicas: 1 });

    await kc
      .makeApiClient(k8s.ApiextensionsV1Api)
      .deleteCustomResourceDefinition({ name: 'rollouts.argoproj.io' });
    const gone = await fetch(
      `${simulator.clusters[0].url}/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts`,
      {
        headers: { Authorization: `Bearer ${simulator.clusters[0].token}` },
      },
    );
    expect(gone.status).toBe(404);
  });

  it('rolls Deployments out through ReplicaSets and Pods', async () => {
    await apply(deployment('cart', 'shop/cart:1.0.0'));
    const ready = await waitFor(async () => {
      const d = await apps.readNamespacedDeployment({
        name: 'cart',
        namespace: 'shop',
      });
      return d.status?.availableReplicas === 2 &&
        d.status.conditions?.some(
          c =>
            c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable',
        )
        ? d
        : undefined;
    }, 'cart to become available');
    expect(ready.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
    });
    const pods = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=cart',
    });
    expect(pods.items).toHaveLength(2);
    expect(pods.items.every(p => p.status?.phase === 'Running')).toBe(true);

    await apply(deployment('cart', 'shop/cart:2.0.0'));
    await waitFor(async () => {
      const d = await apps.readNamespacedDeployment({
        name: 'cart',
        namespace: 'shop',
      });
      const rs = await apps.listNamespacedReplicaSet({
        namespace: 'shop',
        labelSelector: 'app=cart',
      });
      const active = rs.items.filter(r => (r.spec?.replicas ?? 0) > 0);
      return d.status?.observedGeneration === 2 &&
        d.status.updatedReplicas === 2 &&
        d.status.availableReplicas === 2 &&
        d.status.replicas === 2 &&
        active.length === 1 &&
        active[0].spec?.template?.spec?.containers[0].image ===
          'shop/cart:2.0.0'
        ? d
        : undefined;
    }, 'cart 2.0.0 to roll out');

    await apps.deleteNamespacedDeployment({ name: 'cart', namespace: 'shop' });
    const leftovers = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=cart',
    });
    expect(leftovers.items).toEqual([]);
  });

  it('fails rollouts on request, as Degraded deployments do', async () => {
    simulator.cluster('dev-cluster').failRollouts('shop', 'broken');
    await apply(deployment('broken', 'shop/broken:1.0.0'));
    const degraded = await waitFor(async () => {
      const d = await apps.readNamespacedDeployment({
        name: 'broken',
        namespace: 'shop',
      });
      const progressing = d.status?.conditions?.find(
        c => c.type === 'Progressing',
      );
      return progressing?.status === 'False' ? d : undefined;
    }, 'broken to exceed its deadline');
    expect(
      degraded.status?.conditions?.find(c => c.type === 'Progressing'),
    ).toMatchObject({
      reason: 'ProgressDeadlineExceeded',
      message: expect.stringMatching(
        /^ReplicaSet "broken-[a-z0-9]{10}" has timed out progressing\.$/,
      ),
    });
    expect(
      degraded.status?.conditions?.find(c => c.type === 'Available'),
    ).toMatchObject({ status: 'False' });
    const pods = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=broken',
    });
    expect(
      pods.items[0].status?.containerStatuses?.[0].state?.waiting?.reason,
    ).toBe('CrashLoopBackOff');

    simulator.cluster('dev-cluster').healRollouts('shop', 'broken');
    await waitFor(async () => {
      const d = await apps.readNamespacedDeployment({
        name: 'broken',
        namespace: 'shop',
      });
      return d.status?.availableReplicas === 2 ? d : undefined;
    }, 'broken to recover');
  });

  it('completes Jobs and runs StatefulSets and DaemonSets', async () => {
    const template = {
      metadata: { labels: { app: 'w' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    };
    await apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop' },
      spec: {
        template: { spec: { ...template.spec, restartPolicy: 'Never' } },
      },
    } as any);
    await apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: { app: 'w' } },
        template,
      },
    } as any);
    await apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'w' } }, template },
    } as any);
    const batch = kc.makeApiClient(k8s.BatchV1Api);
    await waitFor(async () => {
      const job = await batch.readNamespacedJob({
        name: 'migrate',
        namespace: 'shop',
      });
      return job.status?.conditions?.some(
        c => c.type === 'Complete' && c.status === 'True',
      )
        ? job
        : undefined;
    }, 'the job to complete');
    const sts = await waitFor(async () => {
      const s = await apps.readNamespacedStatefulSet({
        name: 'db',
        namespace: 'shop',
      });
      return s.status?.readyReplicas === 2 ? s : undefined;
    }, 'the statefulset to be ready');
    expect(sts.status?.currentRevision).toBe(sts.status?.updateRevision);
    const pods = await core.listNamespacedPod({
      namespace: 'shop',
      fieldSelector: 'metadata.name=db-1',
    });
    expect(pods.items).toHaveLength(1);
    await waitFor(async () => {
      const ds = await apps.readNamespacedDaemonSet({
        name: 'agent',
        namespace: 'shop',
      });
      return ds.status?.numberReady === 1 &&
        ds.status.desiredNumberScheduled === 1
        ? ds
        : undefined;
    }, 'the daemonset to be ready');
  });

  it('streams watch events that an informer follows', async () => {
    const informer = k8s.makeInformer(
      kc,
      '/api/v1/namespaces/shop/secrets',
      () => core.listNamespacedSecret({ namespace: 'shop' }),
    );
    const seen: string[] = [];
    informer.on('add', s => seen.push(`add ${s.metadata?.name}`));
    informer.on('update', s =>
      seen.push(`update ${s.metadata?.name} ${s.data?.v}`),
    );
    informer.on('delete', s => seen.push(`delete ${s.metadata?.name}`));

    await core.createNamespacedSecret({
      namespace: 'shop',
      body: { metadata: { name: 'before' }, data: { v: 'MQ==' } },
    });
    await informer.start();
    try {
      await waitFor(
        async () => (seen.includes('add before') ? true : undefined),
        'the listed secret',
      );
      await core.createNamespacedSecret({
        namespace: 'shop',
        body: { metadata: { name: 'token' }, data: { v: 'MQ==' } },
      });
      await core.replaceNamespacedSecret({
        name: 'token',
        namespace: 'shop',
        body: { metadata: { name: 'token' }, data: { v: 'Mg==' } },
      });
      await core.deleteNamespacedSecret({ name: 'token', namespace: 'shop' });
      await waitFor(
        async () => (seen.includes('delete token') ? true : undefined),
        'the delete event',
      );
      expect(seen).toEqual([
        'add before',
        'add token',
        'update token Mg==',
        'delete token',
      ]);
    } finally {
      await informer.stop();
    }
  });

  it('resumes watches from a resourceVersion, sends bookmarks, and expires old versions', async () => {
    const start = await core.listNamespacedConfigMap({ namespace: 'shop' });
    await core.createNamespacedConfigMap({
      namespace: 'shop',
      body: { metadata: { name: 'later', labels: { w: 'yes' } } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'shop',
      body: { metadata: { name: 'unlabelled' } },
    });
    const events: Array<{ type: string; name?: string; rv?: string }> = [];
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      '/api/v1/namespaces/shop/configmaps',
      {
        resourceVersion: start.metadata?.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: 'w=yes',
      },
      (type, obj) =>
        events.push({
          type,
          name: obj.metadata?.name,
          rv: obj.metadata?.resourceVersion,
        }),
      () => undefined,
    );
    try {
      await waitFor(
        async () =>
          events.some(e => e.type === 'BOOKMARK') ? true : undefined,
        'a bookmark',
      );
      expect(events[0]).toMatchObject({ type: 'ADDED', name: 'later' });
      expect(
        events.filter(e => e.type !== 'BOOKMARK').map(e => e.name),
      ).toEqual(['later']);
    } finally {
      request.abort();
    }
  });

  it('answers a watch from a resourceVersion older than its change log with 410 Expired', async () => {
    const small = await startKubeSimulator({
      clusters: ['tiny'],
      watch: { maxEvents: 4 },
    });
    try {
      const tinyKc = kubeConfig(small.clusters[0]);
      const tinyCore = tinyKc.makeApiClient(k8s.CoreV1Api);
      for (let i = 0; i < 8; i++) {
        await tinyCore.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: `cm-${i}` } },
        });
      }
      const events: Array<{ type: string; obj: any }> = [];
      const done = await new Promise<unknown>(resolve => {
        new k8s.Watch(tinyKc).watch(
          '/api/v1/namespaces/default/configmaps',
          { resourceVersion: '2' },
          (type, obj) => events.push({ type, obj }),
          resolve,
        );
      });
      expect(done).toBeNull();
      expect(events).toEqual([
        {
          type: 'ERROR',
          obj: expect.objectContaining({
            kind: 'Status',
            code: 410,
            reason: 'Expired',
            message: expect.stringMatching(
              /^too old resource version: 2 \(\d+\)$/,
            ),
          }),
        },
      ]);
    } finally {
      await small.stop();
    }
  });

  it('injects latency and unavailability for fault tests', async () => {
    const cluster = simulator.cluster('prod-cluster');
    const prodCore = kubeConfig(simulator.clusters[1]).makeApiClient(
      k8s.CoreV1Api,
    );
    cluster.setLatency(150);
    const started = Date.now();
    await prodCore.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    cluster.setLatency(0);

    await cluster.setUnavailable(true, 'status');
    expect(await statusOf(prodCore.listNamespace())).toMatchObject({
      code: 503,
      reason: 'ServiceUnavailable',
    });
    await cluster.setUnavailable(true);
    await expect(prodCore.listNamespace()).rejects.toThrow(/ECONNREFUSED/);
    await cluster.setUnavailable(false);
    expect((await prodCore.listNamespace()).items.length).toBeGreaterThan(0);
  });
});

describe('startKubeSimulator over TLS', () => {
  it('serves HTTPS that clients trust through caData', async () => {
    const simulator = await startKubeSimulator({
      clusters: ['secure'],
      tls: true,
      token: 'fixed-token',
    });
    try {
      const [info] = simulator.clusters;
      expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(info.token).toBe('fixed-token');
      const core = kubeConfig(info).makeApiClient(k8s.CoreV1Api);
      const namespaces = await core.listNamespace();
      expect(namespaces.items.map(n => n.metadata?.name)).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);
    } finally {
      await simulator.stop();
    }
  });
});
