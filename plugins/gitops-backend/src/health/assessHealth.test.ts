import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import {
  applicationHealthOf,
  assessApplicationHealth,
} from './assessApplicationHealth';
import { assessHealth } from './assessHealth';
import { builtInHealthChecks } from './builtInHealthChecks';
import { NoHealthError } from './NoHealthError';

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

  it('judges a kind nobody supports by its conditions, with no health without any', () => {
    expect(assessHealth(configMap)).toEqual({});
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
    expect(
      assessHealth({
        ...configMap,
        metadata: {
          ...configMap.metadata,
          deletionTimestamp: '2025-05-02T10:00:00Z',
          finalizers: ['example.com/backup'],
        },
      }),
    ).toEqual({
      status: 'Progressing',
      message: 'Pending deletion; blocked by finalizers: example.com/backup',
    });
  });

  it('lets a check added before the built-ins win, and leave an object without health', () => {
    const noRolloutHealth: ResourceHealthCheck = {
      supports: object => object.kind === 'Rollout',
      assess: () => undefined,
    };
    const rollout: KubernetesObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'payments-api', generation: 1 },
      status: { observedGeneration: '1', phase: 'Degraded', message: 'x' },
    };
    expect(assessHealth(rollout).status).toBe('Degraded');
    expect(
      assessHealth(rollout, [noRolloutHealth, ...builtInHealthChecks]),
    ).toEqual({});
  });

  it('leaves an object without health, with the reason, when a check throws NoHealthError', () => {
    const stopped: ResourceHealthCheck = {
      supports: () => true,
      assess: () => {
        throw new NoHealthError('Health script stopped: out of time');
      },
    };
    expect(assessHealth(readyDeployment, [stopped])).toEqual({
      message: 'Health script stopped: out of time',
    });
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

  it('leaves resources without health out', () => {
    const unknownKind: KubernetesObject = {
      apiVersion: 'example.com/v1',
      kind: 'Database',
      metadata: { name: 'ledger', namespace: 'payments' },
      status: { lastBackup: 'yesterday' },
    };
    const health = assessApplicationHealth([
      { desired: configMap, live: configMap },
      { desired: unknownKind, live: unknownKind },
      { desired: pendingClaim, live: pendingClaim },
    ]);
    expect(health.status).toBe('Progressing');
    expect(health.resources.map(resource => resource.status)).toEqual([
      undefined,
      undefined,
      'Progressing',
    ]);
    expect(
      assessApplicationHealth([{ desired: configMap, live: configMap }]).status,
    ).toBe('Healthy');
  });

  it('leaves a missing sync hook out, but not a missing resource', () => {
    const migration = (annotation: string): KubernetesObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'migrate',
        namespace: 'payments',
        annotations: { [annotation]: 'PreSync' },
      },
      spec: {},
    });
    for (const annotation of ['argocd.argoproj.io/hook', 'helm.sh/hook']) {
      const health = assessApplicationHealth([
        { desired: readyDeployment, live: readyDeployment },
        { desired: migration(annotation) },
      ]);
      expect(health.status).toBe('Healthy');
      expect(health.resources[1]).toEqual({
        group: 'batch',
        kind: 'Job',
        namespace: 'payments',
        name: 'migrate',
        message: 'Sync hook: exists only while a sync runs it',
      });
    }
    expect(assessApplicationHealth([{ desired: configMap }]).status).toBe(
      'Missing',
    );
  });

  it('counts a suspended CronJob or CronWorkflow as Healthy, but shows it Suspended', () => {
    const cronJob: KubernetesObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly-report', namespace: 'payments' },
      spec: { suspend: true, schedule: '0 3 * * *' },
    };
    const health = assessApplicationHealth([
      { desired: readyDeployment, live: readyDeployment },
      { desired: cronJob, live: cronJob },
    ]);
    expect(health.status).toBe('Healthy');
    expect(health.resources[1].status).toBe('Suspended');
    expect(
      applicationHealthOf([
        { group: 'argoproj.io', kind: 'CronWorkflow', health: 'Suspended' },
        { group: 'apps', kind: 'Deployment', health: 'Healthy' },
      ]),
    ).toBe('Healthy');
    // A paused Rollout still suspends its application: it waits for a person.
    expect(
      applicationHealthOf([
        { group: 'argoproj.io', kind: 'Rollout', health: 'Suspended' },
        { group: 'batch', kind: 'CronJob', health: 'Suspended' },
      ]),
    ).toBe('Suspended');
  });
});
