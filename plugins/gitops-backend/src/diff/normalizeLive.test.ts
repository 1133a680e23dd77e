import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { normalizeLive } from './normalizeLive';

const desired: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments-api',
    labels: { 'app.kubernetes.io/name': 'payments-api' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'payments-api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/acme/payments:1.4.2',
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'LOG_LEVEL', value: 'info' }],
          },
        ],
      },
    },
  },
};

const live: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments-api',
    namespace: 'payments',
    uid: '0c3c5a4e-6f0b-4e11-9d8e-2f5b9c3a7d10',
    resourceVersion: '918273',
    generation: 7,
    creationTimestamp: '2025-04-30T08:12:45Z',
    labels: {
      'app.kubernetes.io/name': 'payments-api',
      'slipway.dev/application': 'payments-dev',
    },
    annotations: {
      'deployment.kubernetes.io/revision': '7',
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"apiVersion":"apps/v1"}',
    },
    managedFields: [
      {
        manager: 'slipway',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
      },
    ],
  },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    },
    template: {
      metadata: {
        creationTimestamp: null,
        labels: { 'app.kubernetes.io/name': 'payments-api' },
      },
      spec: {
        containers: [
          {
            name: 'istio-proxy',
            image: 'docker.io/istio/proxyv2:1.22.0',
          },
          {
            name: 'api',
            image: 'ghcr.io/acme/payments:1.4.1',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            resources: {},
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'LOG_LEVEL', value: 'debug' },
              { name: 'DEBUG_TOKEN', value: 'added-by-hand' },
            ],
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
  status: { observedGeneration: 7, replicas: 3 },
};

describe('normalizeLive', () => {
  it('keeps only what Git declares, items matched by their merge key', () => {
    expect(normalizeLive(desired, live)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'payments-api',
        labels: { 'app.kubernetes.io/name': 'payments-api' },
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'payments-api' } },
          spec: {
            containers: [
              {
                name: 'api',
                image: 'ghcr.io/acme/payments:1.4.1',
                ports: [{ containerPort: 8080 }],
                env: [
                  { name: 'LOG_LEVEL', value: 'debug' },
                  // Items Git does not declare stay: removing one from Git is drift.
                  { name: 'DEBUG_TOKEN', value: 'added-by-hand' },
                ],
              },
              { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.0' },
            ],
          },
        },
      },
    });
  });

  it('keeps server-set fields when Git declares them', () => {
    const pinned = JSON.parse(JSON.stringify(desired)) as KubernetesObject;
    (pinned.spec as any).revisionHistoryLimit = 3;
    (pinned.spec as any).template.spec.containers[0].imagePullPolicy = 'Always';
    const normalized = normalizeLive(pinned, live) as any;
    expect(normalized.spec.revisionHistoryLimit).toBe(10);
    expect(normalized.spec.template.spec.containers[0].imagePullPolicy).toBe(
      'IfNotPresent',
    );
  });

  it('matches unkeyed lists of maps by position when lengths agree', () => {
    const ingressDesired: KubernetesObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'payments' },
      spec: { rules: [{ host: 'payments.example.com' }] },
    };
    const ingressLive: KubernetesObject = {
      ...ingressDesired,
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'payments.example.com', http: { paths: [] } }],
      },
    };
    expect(normalizeLive(ingressDesired, ingressLive)).toEqual(ingressDesired);
  });

  it('does not change its inputs', () => {
    const before = JSON.stringify(live);
    normalizeLive(desired, live);
    expect(JSON.stringify(live)).toBe(before);
  });
});
