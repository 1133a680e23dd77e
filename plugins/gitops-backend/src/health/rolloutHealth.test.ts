import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { rolloutHealth } from './rolloutHealth';

const steps = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 50 },
  { pause: { duration: '10m' } },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
];

function canary(
  status: Record<string, unknown> | undefined,
  spec: Record<string, unknown> = {},
): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'payments-api', namespace: 'payments', generation: 5 },
    spec: {
      replicas: 5,
      strategy: { canary: { steps } },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

function blueGreen(status: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'checkout', namespace: 'shop', generation: 2 },
    spec: {
      replicas: 2,
      strategy: {
        blueGreen: {
          activeService: 'checkout-active',
          previewService: 'checkout-preview',
        },
      },
    },
    status,
  };
}

const progressingCondition = {
  type: 'Progressing',
  status: 'True',
  reason: 'ReplicaSetUpdated',
  message: 'ReplicaSet "payments-api-6b8f9c7d5" is progressing.',
};

describe('rolloutHealth', () => {
  it.each([
    [
      'a fully promoted canary',
      canary({
        observedGeneration: '5',
        replicas: 5,
        updatedReplicas: 5,
        readyReplicas: 5,
        availableReplicas: 5,
        currentPodHash: '6b8f9c7d5',
        stableRS: '6b8f9c7d5',
        currentStepIndex: 5,
        phase: 'Healthy',
        conditions: [
          { type: 'Available', status: 'True', reason: 'AvailableReason' },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
        ],
      }),
      { status: 'Healthy', message: 'Rollout is fully promoted' },
    ],
    [
      'a canary paused at a pause step',
      canary({
        observedGeneration: '5',
        replicas: 6,
        updatedReplicas: 1,
        availableReplicas: 6,
        currentPodHash: '6b8f9c7d5',
        stableRS: '5c7d8e9f4',
        currentStepIndex: 1,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2025-05-02T10:00:00Z' },
        ],
        conditions: [
          {
            type: 'Paused',
            status: 'True',
            reason: 'RolloutPaused',
            message: 'Rollout is paused',
          },
          progressingCondition,
        ],
      }),
      {
        status: 'Suspended',
        message:
          'Rollout is paused (CanaryPauseStep) at step 2 of 5 (pause until promoted)',
      },
    ],
    [
      'a canary paused by a user',
      canary(
        {
          observedGeneration: '5',
          replicas: 5,
          updatedReplicas: 5,
          availableReplicas: 5,
          currentPodHash: '6b8f9c7d5',
          stableRS: '6b8f9c7d5',
          currentStepIndex: 5,
        },
        { paused: true },
      ),
      { status: 'Suspended', message: 'Rollout is paused' },
    ],
    [
      'a canary moving through its steps',
      canary({
        observedGeneration: '5',
        replicas: 6,
        updatedReplicas: 3,
        availableReplicas: 5,
        currentPodHash: '6b8f9c7d5',
        stableRS: '5c7d8e9f4',
        currentStepIndex: 2,
        conditions: [progressingCondition],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish steps: at step 3 of 5 (setWeight 50)',
      },
    ],
    [
      'an aborted canary',
      canary({
        observedGeneration: '5',
        abort: true,
        replicas: 5,
        updatedReplicas: 0,
        availableReplicas: 5,
        currentPodHash: '6b8f9c7d5',
        stableRS: '5c7d8e9f4',
        currentStepIndex: 0,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'RolloutAborted',
            message:
              'Rollout aborted update to revision 7: Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)',
          },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Rollout is aborted: Rollout aborted update to revision 7: Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)',
      },
    ],
    [
      'a rollout past its progress deadline',
      canary({
        observedGeneration: '5',
        replicas: 5,
        updatedReplicas: 1,
        availableReplicas: 4,
        currentPodHash: '6b8f9c7d5',
        stableRS: '5c7d8e9f4',
        currentStepIndex: 0,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message:
              'ReplicaSet "payments-api-6b8f9c7d5" has timed out progressing.',
          },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Rollout exceeded its progress deadline: ReplicaSet "payments-api-6b8f9c7d5" has timed out progressing.',
      },
    ],
    [
      'a rollout with an invalid spec',
      canary({
        observedGeneration: '5',
        conditions: [
          {
            type: 'InvalidSpec',
            status: 'True',
            reason: 'InvalidSpec',
            message:
              'The Rollout "payments-api" is invalid: spec.strategy.canary.steps[1].pause.duration: Invalid value',
          },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Rollout spec is invalid: InvalidSpec: The Rollout "payments-api" is invalid: spec.strategy.canary.steps[1].pause.duration: Invalid value',
      },
    ],
    [
      'a spec change not yet observed',
      canary({
        observedGeneration: '4',
        replicas: 5,
        updatedReplicas: 5,
        availableReplicas: 5,
      }),
      {
        status: 'Progressing',
        message: 'Waiting for rollout spec update to be observed',
      },
    ],
    [
      'a rollout without status',
      canary(undefined),
      {
        status: 'Progressing',
        message: 'Waiting for rollout spec update to be observed',
      },
    ],
    [
      'a canary after its last step with old replicas left',
      canary({
        observedGeneration: '5',
        replicas: 7,
        updatedReplicas: 5,
        availableReplicas: 7,
        currentPodHash: '6b8f9c7d5',
        stableRS: '6b8f9c7d5',
        currentStepIndex: 5,
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: 2 old replicas are pending termination...',
      },
    ],
    [
      'a blue-green rollout before cut-over',
      blueGreen({
        observedGeneration: '2',
        replicas: 4,
        updatedReplicas: 2,
        availableReplicas: 4,
        currentPodHash: '7f9d8c6b5',
        blueGreen: {
          activeSelector: '5d6c7b8a9',
          previewSelector: '7f9d8c6b5',
        },
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: the active Service does not serve the new pods yet',
      },
    ],
    [
      'a blue-green rollout after cut-over, old pods awaiting scale-down',
      blueGreen({
        observedGeneration: '2',
        replicas: 4,
        updatedReplicas: 2,
        availableReplicas: 4,
        currentPodHash: '7f9d8c6b5',
        blueGreen: { activeSelector: '7f9d8c6b5' },
      }),
      {
        status: 'Healthy',
        message:
          'The active Service is serving traffic to the current pod spec',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(rolloutHealth.assess(object)).toEqual(expected);
  });
});
