import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { assessApplicationHealth } from './assessApplicationHealth';
import { assessHealth } from './assessHealth';

const readyDeployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'payments-api', namespace: 'payments', generation: 2 },
  spec: { replicas: 2 },
  status: {
    observedGeneration: 2,
    replicas: 2,
    updatedReplicas: 2,
    availableReplicas: 2,
  },
};

const pendingClaim: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'uploads', namespace: 'payments' },
  spec: { accessModes: ['ReadWriteOnce'] },
  status: { phase: 'Pending' },
};

const configMap: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'payments-config', namespace: 'payments' },
  data: { LOG_LEVEL: 'info' },
};

describe('assessHealth', () => {
  it('asks the first check that supports the kind', () => {
    const override: ResourceHealthCheck = {
      supports: object => object.kind === 'Deployment',
      assess: () => ({
        status: 'Degraded',
        message: 'platform rule: no Deployments',
      }),
    };
    expect(assessHealth(readyDeployment)).toEqual({
      status: 'Healthy',
      message: 'Deployment "payments-api" successfully rolled out',
    });
    expect(assessHealth(readyDeployment, [override])).toEqual({
      status: 'Degraded',
      message: 'platform rule: no Deployments',
    });
  });

  it('judges a kind nobody supports by its conditions, Healthy without any', () => {
    expect(assessHealth(configMap)).toEqual({ status: 'Healthy' });
    expect(
      assessHealth({
        apiVersion: 'example.com/v1',
        kind: 'Database',
        metadata: { name: 'ledger' },
        status: {
          conditions: [
            { type: 'Ready', status: 'False', reason: 'Unreachable' },
          ],
        },
      }),
    ).toEqual({ status: 'Degraded', message: 'Ready: Unreachable' });
  });

  it('reports an object being deleted as Progressing', () => {
    expect(
      assessHealth({
        ...readyDeployment,
        metadata: {
          ...readyDeployment.metadata,
          deletionTimestamp: '2025-05-02T10:00:00Z',
        },
      }),
    ).toEqual({ status: 'Progressing', message: 'Pending deletion' });
  });

  it('turns a check that throws into Unknown with the reason', () => {
    const broken: ResourceHealthCheck = {
      supports: () => true,
      assess: () => {
        throw new Error('status.replicas is not a number');
      },
    };
    expect(assessHealth(readyDeployment, [broken])).toEqual({
      status: 'Unknown',
      message:
        'Health check of Deployment "payments-api" failed: status.replicas is not a number',
    });
  });
});

describe('assessApplicationHealth', () => {
  it('is the worst of the resources, Missing for what the cluster lacks', () => {
    const health = assessApplicationHealth([
      { desired: readyDeployment, live: readyDeployment },
      { desired: configMap, live: configMap },
      { desired: pendingClaim },
    ]);
    expect(health.status).toBe('Missing');
    expect(health.resources).toEqual([
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        status: 'Healthy',
        message: 'Deployment "payments-api" successfully rolled out',
      },
      {
        group: '',
        kind: 'ConfigMap',
        namespace: 'payments',
        name: 'payments-config',
        status: 'Healthy',
      },
      {
        group: '',
        kind: 'PersistentVolumeClaim',
        namespace: 'payments',
        name: 'uploads',
        status: 'Missing',
        message: 'Declared in Git, absent from the cluster',
      },
    ]);
  });

  it('ranks Progressing below Degraded', () => {
    const crashing: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'payments-api-x', namespace: 'payments' },
      spec: {},
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      },
    };
    expect(
      assessApplicationHealth([{ live: pendingClaim }, { live: crashing }])
        .status,
    ).toBe('Degraded');
    expect(assessApplicationHealth([{ live: pendingClaim }]).status).toBe(
      'Progressing',
    );
  });

  it('is Healthy for an application without resources', () => {
    expect(assessApplicationHealth([])).toEqual({
      status: 'Healthy',
      resources: [],
    });
  });
});
