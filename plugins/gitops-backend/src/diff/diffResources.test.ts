import { InputError } from '@backstage/errors';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { diffResources } from './diffResources';
import { formatDiff } from './formatDiff';
import { syncStatusOf } from './syncStatusOf';
import { trackedByLabel } from './trackedByLabel';

const TRACKING = { 'slipway.dev/application': 'payments-dev' };
const options = {
  isTracked: trackedByLabel('slipway.dev/application', 'payments-dev'),
  defaultNamespace: 'payments',
};

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** As kustomize renders it from the config repo. */
const desiredDeployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments-api',
    labels: { app: 'payments-api', ...TRACKING },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'payments-api' } },
    template: {
      metadata: { labels: { app: 'payments-api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/acme/payments:1.4.2',
            ports: [{ name: 'http', containerPort: 8080 }],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              {
                name: 'DB_PASSWORD',
                valueFrom: {
                  secretKeyRef: { name: 'payments-db', key: 'password' },
                },
              },
            ],
            resources: {
              requests: { cpu: '0.5', memory: '1024Mi' },
              limits: { cpu: 1, memory: '1Gi' },
            },
          },
        ],
      },
    },
  },
};

/** As the API server returns it after the last sync. */
const liveDeployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments-api',
    namespace: 'payments',
    uid: '0c3c5a4e-6f0b-4e11-9d8e-2f5b9c3a7d10',
    resourceVersion: '918273',
    generation: 7,
    creationTimestamp: '2025-04-30T08:12:45Z',
    labels: { app: 'payments-api', ...TRACKING },
    annotations: { 'deployment.kubernetes.io/revision': '7' },
    managedFields: [{ manager: 'slipway', operation: 'Apply' }],
  },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    selector: { matchLabels: { app: 'payments-api' } },
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'payments-api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/acme/payments:1.4.2',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              {
                name: 'DB_PASSWORD',
                valueFrom: {
                  secretKeyRef: { name: 'payments-db', key: 'password' },
                },
              },
            ],
            resources: {
              requests: { cpu: '500m', memory: '1Gi' },
              limits: { cpu: '1', memory: '1Gi' },
            },
          },
        ],
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
  },
  status: {
    observedGeneration: 7,
    replicas: 3,
    updatedReplicas: 3,
    availableReplicas: 3,
  },
};

const desiredService: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'payments-api', labels: TRACKING },
  spec: {
    selector: { app: 'payments-api' },
    ports: [{ name: 'http', port: 80, targetPort: '8080' }],
  },
};

const liveService: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'payments-api',
    namespace: 'payments',
    uid: '9a1f0d2c-4b7e-4e55-8c1a-7e6d5c4b3a21',
    resourceVersion: '918001',
    creationTimestamp: '2025-04-30T08:12:45Z',
    labels: TRACKING,
  },
  spec: {
    type: 'ClusterIP',
    clusterIP: '10.96.14.7',
    clusterIPs: ['10.96.14.7'],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: 'Cluster',
    sessionAffinity: 'None',
    selector: { app: 'payments-api' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
  },
  status: { loadBalancer: {} },
};

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const desiredSecret: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'payments-db', labels: TRACKING },
  type: 'Opaque',
  stringData: { username: 'payments', password: 'correct-horse-battery' },
};

const liveSecret: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'payments-db',
    namespace: 'payments',
    labels: TRACKING,
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        stringData: { password: 'stale-password-from-laptop' },
      }),
    },
  },
  type: 'Opaque',
  data: {
    username: base64('payments'),
    password: base64('stale-password-from-laptop'),
  },
};

describe('diffResources', () => {
  it('reports objects that differ only in server-set fields and defaults as Synced', () => {
    const diffs = diffResources(
      [desiredDeployment, desiredService],
      [liveDeployment, liveService],
      options,
    );
    expect(diffs).toEqual([
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        status: 'Synced',
        changes: [],
      },
      {
        group: '',
        kind: 'Service',
        namespace: 'payments',
        name: 'payments-api',
        status: 'Synced',
        changes: [],
      },
    ]);
    expect(syncStatusOf(diffs)).toBe('Synced');
  });

  it('reports drift field by field, with keyed list items in the path', () => {
    const live = clone(liveDeployment) as any;
    const container = live.spec.template.spec.containers[0];
    container.image = 'ghcr.io/acme/payments:1.4.1';
    container.env[0].value = 'debug';
    container.env.push({ name: 'FEATURE_X', value: 'on' });
    container.resources.limits.memory = '2Gi';
    live.spec.replicas = 5;
    live.metadata.labels.team = 'payments';

    const [diff] = diffResources([desiredDeployment], [live], options);
    expect(diff.status).toBe('OutOfSync');
    expect(diff.changes).toEqual([
      { path: 'spec.replicas', desired: 3, live: 5 },
      {
        path: 'spec.template.spec.containers[name=api].image',
        desired: 'ghcr.io/acme/payments:1.4.2',
        live: 'ghcr.io/acme/payments:1.4.1',
      },
      {
        path: 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL].value',
        desired: 'info',
        live: 'debug',
      },
      {
        path: 'spec.template.spec.containers[name=api].env[name=FEATURE_X]',
        desired: undefined,
        live: { name: 'FEATURE_X', value: 'on' },
      },
      {
        path: 'spec.template.spec.containers[name=api].resources.limits.memory',
        desired: '1Gi',
        live: '2Gi',
      },
    ]);
  });

  it('counts a default as drift when Git sets it to something else', () => {
    const desired = clone(desiredDeployment) as any;
    desired.spec.template.spec.containers[0].imagePullPolicy = 'Always';
    desired.spec.revisionHistoryLimit = 10;
    const [diff] = diffResources([desired], [liveDeployment], options);
    expect(diff.changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=api].imagePullPolicy',
        desired: 'Always',
        live: 'IfNotPresent',
      },
    ]);
  });

  it('takes zero values the API server omits as equal to their absence', () => {
    const desired = clone(desiredDeployment) as any;
    desired.spec.paused = false;
    desired.spec.minReadySeconds = 0;
    desired.spec.template.spec.containers[0].args = [];
    expect(diffResources([desired], [liveDeployment], options)[0].status).toBe(
      'Synced',
    );
  });

  it('tells container ports apart by protocol', () => {
    const desired = clone(desiredDeployment) as any;
    desired.spec.template.spec.containers[0].ports.push({
      name: 'metrics',
      containerPort: 8080,
      protocol: 'UDP',
    });
    const [diff] = diffResources([desired], [liveDeployment], options);
    expect(diff.changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=api].ports[containerPort=8080,protocol=UDP]',
        desired: { name: 'metrics', containerPort: 8080, protocol: 'UDP' },
        live: undefined,
      },
    ]);
  });

  it('compares lists without a merge key as a whole', () => {
    const desired = clone(desiredDeployment) as any;
    desired.spec.template.spec.containers[0].args = [
      '--port=8080',
      '--verbose',
    ];
    const live = clone(liveDeployment) as any;
    live.spec.template.spec.containers[0].args = ['--verbose', '--port=8080'];
    const [diff] = diffResources([desired], [live], options);
    expect(diff.changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=api].args',
        desired: ['--port=8080', '--verbose'],
        live: ['--verbose', '--port=8080'],
      },
    ]);
  });

  it('quotes map keys that are not plain words', () => {
    const live = clone(liveDeployment) as any;
    live.spec.selector.matchLabels = { app: 'payments' };
    const desired = clone(desiredDeployment) as any;
    desired.metadata.annotations = { 'slipway.dev/owner': 'team-payments' };
    const [diff] = diffResources([desired], [live], options);
    expect(diff.changes).toEqual([
      {
        path: 'metadata.annotations["slipway.dev/owner"]',
        desired: 'team-payments',
        live: undefined,
      },
      {
        path: 'spec.selector.matchLabels.app',
        desired: 'payments-api',
        live: 'payments',
      },
    ]);
  });

  it('reports Missing and Extra, but never controller-owned objects', () => {
    const orphan: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'payments-legacy',
        namespace: 'payments',
        labels: TRACKING,
      },
      data: { MODE: 'legacy' },
    };
    const replicaSet: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'payments-api-7d9c8b5f4',
        namespace: 'payments',
        labels: TRACKING,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'payments-api',
            controller: true,
          },
        ],
      },
    };
    const someoneElses: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: 'payments' },
    };
    const diffs = diffResources(
      [desiredDeployment, desiredService],
      [liveDeployment, orphan, replicaSet, someoneElses],
      options,
    );
    expect(
      diffs.map(({ kind, name, status }) => ({ kind, name, status })),
    ).toEqual([
      { kind: 'Deployment', name: 'payments-api', status: 'Synced' },
      { kind: 'Service', name: 'payments-api', status: 'Missing' },
      { kind: 'ConfigMap', name: 'payments-legacy', status: 'Extra' },
    ]);
    expect(syncStatusOf(diffs)).toBe('OutOfSync');
  });

  it('places objects without a namespace in the default one, except cluster-scoped kinds', () => {
    const namespace: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments', labels: TRACKING },
    };
    const inOtherNamespace = clone(liveService);
    inOtherNamespace.metadata.namespace = 'payments-staging';
    const diffs = diffResources(
      [namespace, desiredService],
      [
        { ...namespace, status: { phase: 'Active' } } as KubernetesObject,
        inOtherNamespace,
      ],
      options,
    );
    expect(diffs).toEqual([
      {
        group: '',
        kind: 'Namespace',
        namespace: undefined,
        name: 'payments',
        status: 'Synced',
        changes: [],
      },
      {
        group: '',
        kind: 'Service',
        namespace: 'payments',
        name: 'payments-api',
        status: 'Missing',
        changes: [],
      },
      {
        group: '',
        kind: 'Service',
        namespace: 'payments-staging',
        name: 'payments-api',
        status: 'Extra',
        changes: [],
      },
    ]);
  });

  it('matches a custom cluster-scoped kind it does not know', () => {
    const issuer: KubernetesObject = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt', labels: TRACKING },
      spec: {
        acme: { server: 'https://acme-v02.api.letsencrypt.org/directory' },
      },
    };
    const diffs = diffResources([issuer], [clone(issuer)], options);
    expect(diffs).toEqual([
      {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        namespace: undefined,
        name: 'letsencrypt',
        status: 'Synced',
        changes: [],
      },
    ]);
  });

  it('ignores the API version, which is not part of identity', () => {
    const live = clone(liveDeployment);
    live.apiVersion = 'apps/v1beta2';
    expect(diffResources([desiredDeployment], [live], options)).toEqual([
      expect.objectContaining({
        group: 'apps',
        kind: 'Deployment',
        status: 'Synced',
      }),
    ]);
  });

  it('rejects a desired state that declares one object twice', () => {
    expect(() =>
      diffResources([desiredService, clone(desiredService)], [], options),
    ).toThrow(
      new InputError(
        'The desired state declares Service payments/payments-api more than once',
      ),
    );
  });

  it('never lets a Secret value reach the diff or its text', () => {
    const [diff] = diffResources([desiredSecret], [liveSecret], options);
    expect(diff.status).toBe('OutOfSync');
    expect(diff.changes).toEqual([
      {
        path: 'data.password',
        desired: '++++++++ (changed)',
        live: '++++++++',
      },
    ]);
    const output = JSON.stringify(diff) + formatDiff(diff);
    for (const value of [
      'correct-horse-battery',
      'stale-password-from-laptop',
    ]) {
      expect(output).not.toContain(value);
    }
    for (const value of [
      'correct-horse-battery',
      'stale-password-from-laptop',
      'payments',
    ]) {
      expect(output).not.toContain(base64(value));
    }
  });

  it('reports a Secret whose values match as Synced', () => {
    const live = clone(liveSecret);
    live.data = {
      username: base64('payments'),
      password: base64('correct-horse-battery'),
    };
    expect(diffResources([desiredSecret], [live], options)[0]).toEqual(
      expect.objectContaining({ status: 'Synced', changes: [] }),
    );
  });
});
