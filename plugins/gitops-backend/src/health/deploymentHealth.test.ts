import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { deploymentHealth } from './deploymentHealth';

function deployment(
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  generation = 4,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      generation,
      uid: '5b1f6a0e-3a0b-4d0e-9f59-2f3c8f0d6a11',
      annotations: { 'deployment.kubernetes.io/revision': '7' },
    },
    spec: {
      replicas: 3,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      ...spec,
    },
    status,
  };
}

const available = {
  type: 'Available',
  status: 'True',
  reason: 'MinimumReplicasAvailable',
  message: 'Deployment has minimum availability.',
};

describe('deploymentHealth', () => {
  it.each([
    [
      'a finished rollout',
      deployment(
        {},
        {
          observedGeneration: 4,
          replicas: 3,
          updatedReplicas: 3,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [
            available,
            {
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
              message:
                'ReplicaSet "payments-api-7d9c8b5f4" has successfully progressed.',
            },
          ],
        },
      ),
      'Healthy',
      'Deployment "payments-api" successfully rolled out',
    ],
    [
      'a paused deployment',
      deployment(
        { paused: true },
        {
          observedGeneration: 4,
          replicas: 3,
          updatedReplicas: 1,
          availableReplicas: 3,
        },
      ),
      'Suspended',
      'Deployment "payments-api" is paused',
    ],
    [
      'a spec change the controller has not observed yet',
      deployment(
        {},
        {
          observedGeneration: 3,
          replicas: 3,
          updatedReplicas: 3,
          availableReplicas: 3,
        },
        4,
      ),
      'Progressing',
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    ],
    [
      'a rollout past its progress deadline',
      deployment(
        {},
        {
          observedGeneration: 4,
          replicas: 4,
          updatedReplicas: 1,
          availableReplicas: 3,
          unavailableReplicas: 1,
          conditions: [
            available,
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message:
                'ReplicaSet "payments-api-6f7b9d4c8" has timed out progressing.',
            },
          ],
        },
      ),
      'Degraded',
      'Deployment "payments-api" exceeded its progress deadline: ReplicaSet "payments-api-6f7b9d4c8" has timed out progressing.',
    ],
    [
      'new replicas still being created',
      deployment(
        {},
        {
          observedGeneration: 4,
          replicas: 4,
          updatedReplicas: 1,
          availableReplicas: 3,
          conditions: [available],
        },
      ),
      'Progressing',
      'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...',
    ],
    [
      'old replicas still terminating',
      deployment(
        {},
        {
          observedGeneration: 4,
          replicas: 4,
          updatedReplicas: 3,
          availableReplicas: 3,
        },
      ),
      'Progressing',
      'Waiting for rollout to finish: 1 old replicas are pending termination...',
    ],
    [
      'updated replicas not yet available',
      deployment(
        {},
        {
          observedGeneration: 4,
          replicas: 3,
          updatedReplicas: 3,
          availableReplicas: 1,
          unavailableReplicas: 2,
        },
      ),
      'Progressing',
      'Waiting for rollout to finish: 1 of 3 updated replicas are available...',
    ],
    [
      'a deployment scaled to zero',
      deployment(
        { replicas: 0 },
        { observedGeneration: 4, conditions: [available] },
      ),
      'Healthy',
      'Deployment "payments-api" successfully rolled out',
    ],
    [
      'a deployment the controller has not seen at all',
      deployment({}, {}, 1),
      'Progressing',
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    ],
  ])('%s is %s', (_, object, status, message) => {
    expect(deploymentHealth.assess(object)).toEqual({ status, message });
  });

  it('supports Deployments of apps and extensions only', () => {
    expect(
      deploymentHealth.supports({ apiVersion: 'apps/v1', kind: 'Deployment' }),
    ).toBe(true);
    expect(
      deploymentHealth.supports({
        apiVersion: 'extensions/v1beta1',
        kind: 'Deployment',
      }),
    ).toBe(true);
    expect(
      deploymentHealth.supports({
        apiVersion: 'example.com/v1',
        kind: 'Deployment',
      }),
    ).toBe(false);
    expect(
      deploymentHealth.supports({ apiVersion: 'apps/v1', kind: 'StatefulSet' }),
    ).toBe(false);
  });
});
