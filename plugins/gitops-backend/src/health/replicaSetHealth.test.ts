import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { replicaSetHealth } from './replicaSetHealth';

function replicaSet(status: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'payments-api-7d9c8b5f4',
      namespace: 'payments',
      generation: 1,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'payments-api',
          controller: true,
        },
      ],
    },
    spec: { replicas: 3 },
    status,
  };
}

describe('replicaSetHealth', () => {
  it.each([
    [
      'all replicas available',
      replicaSet({
        observedGeneration: 1,
        replicas: 3,
        fullyLabeledReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
      }),
      'Healthy',
      '3 of 3 replicas are available',
    ],
    [
      'replicas still starting',
      replicaSet({ observedGeneration: 1, replicas: 3, availableReplicas: 1 }),
      'Progressing',
      'Waiting for rollout to finish: 1 out of 3 new replicas are available...',
    ],
    [
      'pods that cannot be created',
      replicaSet({
        observedGeneration: 1,
        replicas: 1,
        availableReplicas: 1,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message:
              'pods "payments-api-7d9c8b5f4-x2x9z" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2',
          },
        ],
      }),
      'Degraded',
      'FailedCreate: pods "payments-api-7d9c8b5f4-x2x9z" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2',
    ],
    [
      'a generation not yet observed',
      replicaSet({ replicas: 3, availableReplicas: 3 }),
      'Progressing',
      'Waiting for rollout to finish: observed replica set generation less than desired generation',
    ],
  ])('%s is %s', (_, object, status, message) => {
    expect(replicaSetHealth.assess(object)).toEqual({ status, message });
  });
});
