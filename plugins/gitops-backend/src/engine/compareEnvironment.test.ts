import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { CHANGED_SECRET_MASK } from '../diff';
import { builtInHealthChecks } from '../health';
import { withTracking } from '../kubernetes';
import { compareEnvironment } from './compareEnvironment';

const APP = 'component:default/payments';
const OTHER_APP = 'component:default/billing';
const IMAGE = 'ghcr.io/acme/payments';
const options = {
  target: { application: APP, environment: 'dev' },
  defaultNamespace: 'payments-dev',
  image: IMAGE,
  healthChecks: builtInHealthChecks,
};

function deployment(
  name: string,
  tag: string,
  extra: { replicas?: number; status?: Record<string, unknown> } = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'payments-dev' },
    spec: {
      replicas: extra.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: `${IMAGE}:${tag}` }] },
      },
    },
    ...(extra.status ? { status: extra.status } : {}),
  };
}

const rolledOut = (replicas: number) => ({
  observedGeneration: 1,
  replicas,
  updatedReplicas: replicas,
  readyReplicas: replicas,
  availableReplicas: replicas,
});

function configMap(name: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'payments-dev' },
    data: { LOG_LEVEL: 'info' },
  };
}

function secret(password: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'payments-db', namespace: 'payments-dev' },
    type: 'Opaque',
    data: { password: Buffer.from(password).toString('base64') },
  };
}

/** What the API server returns for an applied object: tracked, with server fields. */
function live(
  object: KubernetesObject,
  application = APP,
  environment = 'dev',
): KubernetesObject {
  const tracked = withTracking(object, application, environment);
  return {
    ...tracked,
    metadata: {
      ...tracked.metadata,
      uid: `uid-${object.metadata.name}`,
      resourceVersion: '42',
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
  };
}

const desired = (...objects: KubernetesObject[]) =>
  objects.map(object => withTracking(object, APP, 'dev'));

describe('compareEnvironment', () => {
  it('is Synced and Healthy when the live objects match Git and are rolled out', () => {
    const result = compareEnvironment(
      desired(deployment('payments', '1.2.0'), configMap('payments')),
      [
        live(deployment('payments', '1.2.0', { status: rolledOut(2) })),
        live(configMap('payments')),
      ],
      options,
    );
    expect(result).toMatchObject({
      syncStatus: 'Synced',
      health: 'Healthy',
      driftCount: 0,
      liveVersion: '1.2.0',
    });
    expect(result.resources.map(r => [r.kind, r.syncStatus])).toEqual([
      ['Deployment', 'Synced'],
      ['ConfigMap', 'Synced'],
    ]);
  });

  it('reports a changed Secret as OutOfSync without either value', () => {
    const result = compareEnvironment(
      desired(secret('from-git-s3cret')),
      [live(secret('edited-in-cluster'))],
      options,
    );
    expect(result.syncStatus).toBe('OutOfSync');
    expect(result.driftCount).toBe(1);
    const [resource] = result.resources;
    expect(resource).toMatchObject({ kind: 'Secret', syncStatus: 'OutOfSync' });
    expect(resource.changes).toEqual([
      expect.objectContaining({
        path: 'data.password',
        desired: CHANGED_SECRET_MASK,
      }),
    ]);
    const stored = JSON.stringify(result);
    for (const value of ['from-git-s3cret', 'edited-in-cluster']) {
      expect(stored).not.toContain(value);
      expect(stored).not.toContain(Buffer.from(value).toString('base64'));
    }
  });

  it('reports a field drift with the desired and live values', () => {
    const result = compareEnvironment(
      desired(deployment('payments', '1.2.0', { replicas: 2 })),
      [
        live(
          deployment('payments', '1.2.0', {
            replicas: 5,
            status: rolledOut(5),
          }),
        ),
      ],
      options,
    );
    expect(result.syncStatus).toBe('OutOfSync');
    expect(result.resources[0].changes).toEqual([
      { path: 'spec.replicas', desired: 2, live: 5 },
    ]);
  });

  it('reports an object Git declares and the cluster lacks as Missing', () => {
    const result = compareEnvironment(
      desired(deployment('payments', '1.2.0'), configMap('payments')),
      [live(deployment('payments', '1.2.0', { status: rolledOut(2) }))],
      options,
    );
    expect(result.syncStatus).toBe('OutOfSync');
    expect(result.health).toBe('Missing');
    expect(result.driftCount).toBe(1);
    expect(result.resources[1]).toMatchObject({
      kind: 'ConfigMap',
      name: 'payments',
      syncStatus: 'Missing',
      health: 'Missing',
    });
  });

  it('is Missing when nothing is declared and nothing runs', () => {
    expect(compareEnvironment([], [], options)).toMatchObject({
      syncStatus: 'Synced',
      health: 'Missing',
      driftCount: 0,
      resources: [],
    });
  });

  it("reports this application's own leftovers as Extra, never another application's or environment's", () => {
    const result = compareEnvironment(
      desired(deployment('payments', '1.2.0')),
      [
        live(deployment('payments', '1.2.0', { status: rolledOut(2) })),
        live(configMap('payments-old')),
        live(configMap('billing'), OTHER_APP),
        live(configMap('payments-staging'), APP, 'staging'),
      ],
      options,
    );
    expect(
      result.resources.map(r => [r.kind, r.name, r.syncStatus, r.health]),
    ).toEqual([
      ['Deployment', 'payments', 'Synced', 'Healthy'],
      // Extra objects are what a prune removes; they do not count for health.
      ['ConfigMap', 'payments-old', 'Extra', undefined],
    ]);
    expect(result).toMatchObject({
      syncStatus: 'OutOfSync',
      health: 'Healthy',
      driftCount: 1,
    });
  });

  it('takes the worst health of the resources', () => {
    const degraded = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: 0,
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "worker-1" has timed out progressing.',
        },
      ],
    };
    const progressing = {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 1,
      availableReplicas: 1,
    };
    const both = compareEnvironment(
      desired(deployment('payments', '1.2.0'), deployment('worker', '1.2.0')),
      [
        live(deployment('payments', '1.2.0', { status: progressing })),
        live(deployment('worker', '1.2.0', { status: degraded })),
      ],
      options,
    );
    expect(both.health).toBe('Degraded');
    expect(both.resources.map(r => r.health)).toEqual([
      'Progressing',
      'Degraded',
    ]);
    expect(both.resources[1].healthMessage).toMatch(/progress deadline/);

    const oneRollingOut = compareEnvironment(
      desired(deployment('payments', '1.2.0'), configMap('payments')),
      [
        live(deployment('payments', '1.2.0', { status: progressing })),
        live(configMap('payments')),
      ],
      options,
    );
    expect(oneRollingOut.health).toBe('Progressing');
  });

  it('reads the live version from the live workloads, not from Git', () => {
    const result = compareEnvironment(
      desired(configMap('payments'), deployment('payments', '1.3.0')),
      [
        live(configMap('payments')),
        live(deployment('payments', '1.2.0', { status: rolledOut(2) })),
      ],
      options,
    );
    expect(result.liveVersion).toBe('1.2.0');
    expect(result.resources[1].changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=payments].image',
        desired: `${IMAGE}:1.3.0`,
        live: `${IMAGE}:1.2.0`,
      },
    ]);
    expect(
      compareEnvironment(desired(deployment('payments', '1.3.0')), [], options)
        .liveVersion,
    ).toBeUndefined();
  });

  it('leaves missing sync hooks and resources without health out, and counts a suspended CronJob as Healthy', () => {
    const migration: KubernetesObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'migrate',
        namespace: 'payments',
        annotations: { 'argocd.argoproj.io/hook': 'PreSync' },
      },
      spec: {},
    };
    const nightly: KubernetesObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'payments' },
      spec: { suspend: true, schedule: '0 3 * * *' },
    };
    const result = compareEnvironment(
      desired(
        deployment('payments', '1.2.0'),
        configMap('payments'),
        migration,
        nightly,
      ),
      [
        live(deployment('payments', '1.2.0', { status: rolledOut(2) })),
        live(configMap('payments')),
        live(nightly),
      ],
      options,
    );
    expect(result.resources.map(r => [r.kind, r.health])).toEqual([
      ['Deployment', 'Healthy'],
      ['ConfigMap', undefined],
      ['Job', undefined],
      ['CronJob', 'Suspended'],
    ]);
    expect(result.health).toBe('Healthy');
  });
});
