import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { conditionsHealth } from './conditionsHealth';

function custom(
  apiVersion: string,
  kind: string,
  status?: Record<string, unknown>,
  generation = 3,
): KubernetesObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'payments', namespace: 'payments', generation },
    spec: {},
    ...(status ? { status } : {}),
  };
}

describe('conditionsHealth', () => {
  it.each([
    [
      'a ConfigMap (no status at all)',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'payments-config' },
        data: { LOG_LEVEL: 'info' },
      },
      { status: 'Healthy' },
    ],
    [
      'a ready Flux HelmRelease',
      custom('helm.toolkit.fluxcd.io/v2', 'HelmRelease', {
        observedGeneration: 3,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'InstallSucceeded',
            message:
              'Helm install succeeded for release payments/redis.v1 with chart redis@19.0.1',
          },
        ],
      }),
      {
        status: 'Healthy',
        message:
          'Helm install succeeded for release payments/redis.v1 with chart redis@19.0.1',
      },
    ],
    [
      'a failed Flux HelmRelease',
      custom('helm.toolkit.fluxcd.io/v2', 'HelmRelease', {
        observedGeneration: 3,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'InstallFailed',
            message: 'Helm install failed: timed out waiting for the condition',
          },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: InstallFailed: Helm install failed: timed out waiting for the condition',
      },
    ],
    [
      'a reconciling object',
      custom('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
        observedGeneration: 3,
        conditions: [
          {
            type: 'Reconciling',
            status: 'True',
            reason: 'Progressing',
            message: 'Running health checks with a timeout of 5m0s',
          },
          {
            type: 'Ready',
            status: 'Unknown',
            reason: 'Progressing',
            message: 'Reconciliation in progress',
          },
        ],
      }),
      {
        status: 'Progressing',
        message: 'Progressing: Running health checks with a timeout of 5m0s',
      },
    ],
    [
      'a stalled object',
      custom('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
        observedGeneration: 3,
        conditions: [
          {
            type: 'Stalled',
            status: 'True',
            reason: 'BuildFailed',
            message: 'kustomize build failed: accumulating resources',
          },
          { type: 'Ready', status: 'False', reason: 'BuildFailed' },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Stalled: BuildFailed: kustomize build failed: accumulating resources',
      },
    ],
    [
      'a certificate still issuing',
      custom('cert-manager.io/v1', 'Certificate', {
        conditions: [
          {
            type: 'Issuing',
            status: 'True',
            reason: 'DoesNotExist',
            message: 'Issuing certificate as Secret does not exist',
          },
          {
            type: 'Ready',
            status: 'False',
            reason: 'DoesNotExist',
            message: 'Issuing certificate as Secret does not exist',
          },
        ],
      }),
      {
        status: 'Progressing',
        message: 'DoesNotExist: Issuing certificate as Secret does not exist',
      },
    ],
    [
      'an object whose generation the controller has not observed',
      custom('example.com/v1', 'Database', {
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True' }],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for the controller to observe generation 3 (observed 2)',
      },
    ],
    [
      'an object with a failure condition',
      custom('example.com/v1', 'Database', {
        conditions: [
          {
            type: 'ProvisioningFailed',
            status: 'True',
            reason: 'QuotaExceeded',
            message: 'storage quota exceeded',
          },
        ],
      }),
      {
        status: 'Degraded',
        message: 'ProvisioningFailed: QuotaExceeded: storage quota exceeded',
      },
    ],
    [
      'a ready object whose readiness is unknown yet',
      custom('example.com/v1', 'Database', {
        conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Pending' }],
      }),
      { status: 'Progressing', message: 'Pending' },
    ],
    [
      'an object with conditions nobody defined',
      custom('example.com/v1', 'Database', {
        conditions: [{ type: 'BackupScheduled', status: 'True' }],
      }),
      { status: 'Healthy' },
    ],
  ])('%s', (_, object, expected) => {
    expect(conditionsHealth.assess(object as KubernetesObject)).toEqual(
      expected,
    );
  });
});
