import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { condition } from './__testUtils__/liveObject';
import { rolloutHealth } from './rolloutHealth';

const steps = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 50 },
  { pause: { duration: '10m' } },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
];

const rolledOut = {
  replicas: 5,
  updatedReplicas: 5,
  readyReplicas: 5,
  availableReplicas: 5,
  currentPodHash: '6b8f9c7d5',
  stableRS: '6b8f9c7d5',
};

function canary(
  status: Record<string, unknown> | undefined,
  extra: {
    spec?: Record<string, unknown>;
    annotations?: Record<string, string>;
  } = {},
): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      generation: 5,
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      replicas: 5,
      strategy: { canary: { steps } },
      ...extra.spec,
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
    status: { observedGeneration: '2', ...status },
  };
}

const workloadRef = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'payments-api',
};

const observing = {
  status: 'Progressing',
  message: 'Waiting for rollout spec update to be observed',
};

describe('rolloutHealth', () => {
  describe('generations', () => {
    it.each([
      ['a Rollout without status', canary(undefined), observing],
      [
        'a Rollout without observedGeneration',
        canary({ ...rolledOut, currentStepIndex: 5 }),
        observing,
      ],
      [
        'an older observedGeneration',
        canary({ ...rolledOut, observedGeneration: '4', phase: 'Healthy' }),
        observing,
      ],
      [
        'a legacy (≤ v0.9) hash in observedGeneration',
        canary({
          ...rolledOut,
          observedGeneration: '7d4b9c8f6',
          currentStepIndex: 5,
        }),
        { status: 'Healthy', message: 'Rollout is fully promoted' },
      ],
      [
        'a legacy hash made of digits, above the generation',
        canary({
          ...rolledOut,
          observedGeneration: '8575574967',
          currentStepIndex: 5,
          phase: 'Degraded',
          message: 'InvalidSpec',
        }),
        { status: 'Degraded', message: 'InvalidSpec' },
      ],
      [
        'a workload generation not observed yet',
        canary(
          {
            ...rolledOut,
            observedGeneration: '5',
            workloadObservedGeneration: '1',
            phase: 'Healthy',
          },
          {
            spec: { workloadRef, strategy: { canary: { steps } } },
            annotations: { 'rollout.argoproj.io/workload-generation': '2' },
          },
        ),
        {
          status: 'Progressing',
          message:
            'Waiting for the rollout to observe generation 2 of its Deployment "payments-api" (observed 1)',
        },
      ],
      [
        'the workload generation observed',
        canary(
          {
            ...rolledOut,
            observedGeneration: '5',
            workloadObservedGeneration: '2',
            currentStepIndex: 5,
            phase: 'Healthy',
          },
          {
            spec: { workloadRef },
            annotations: { 'rollout.argoproj.io/workload-generation': '2' },
          },
        ),
        { status: 'Healthy', message: 'Rollout is fully promoted' },
      ],
      [
        'a workloadRef Rollout of v1.0, which recorded no workload generation',
        canary(
          {
            ...rolledOut,
            observedGeneration: '5',
            currentStepIndex: 5,
            phase: 'Healthy',
          },
          { spec: { workloadRef } },
        ),
        { status: 'Healthy', message: 'Rollout is fully promoted' },
      ],
    ])('%s', (_, object, expected) => {
      expect(rolloutHealth.assess(object)).toEqual(expected);
    });
  });

  describe('phase and message (Argo Rollouts ≥ v1.0)', () => {
    it.each([
      [
        'Healthy with a message',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          phase: 'Healthy',
          message: 'fully promoted',
        }),
        { status: 'Healthy', message: 'fully promoted' },
      ],
      [
        'Paused at a pause step',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          currentStepIndex: 1,
          phase: 'Paused',
          message: 'CanaryPauseStep',
          pauseConditions: [
            { reason: 'CanaryPauseStep', startTime: '2026-12-01T10:00:00Z' },
          ],
        }),
        {
          status: 'Suspended',
          message:
            'Rollout is paused (CanaryPauseStep) at step 2 of 5 (pause until promoted)',
        },
      ],
      [
        'aborted: the controller’s message once',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          abort: true,
          phase: 'Degraded',
          message: 'RolloutAborted: Rollout aborted update to revision 3',
          conditions: [
            condition(
              'Progressing',
              'False',
              'RolloutAborted',
              'Rollout aborted update to revision 3',
            ),
          ],
        }),
        {
          status: 'Degraded',
          message: 'RolloutAborted: Rollout aborted update to revision 3',
        },
      ],
      [
        'timed out while the conditions still say it progresses',
        canary({
          ...rolledOut,
          updatedReplicas: 2,
          observedGeneration: '5',
          phase: 'Degraded',
          message:
            'ProgressDeadlineExceeded: ReplicaSet "payments-api-7c9d" has timed out progressing.',
          conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated')],
        }),
        {
          status: 'Degraded',
          message:
            'ProgressDeadlineExceeded: ReplicaSet "payments-api-7c9d" has timed out progressing.',
        },
      ],
      [
        'an invalid spec',
        canary({
          observedGeneration: '5',
          phase: 'Degraded',
          message:
            'InvalidSpec: The Rollout "payments-api" is invalid: spec.strategy.canary.steps[0].setWeight: Invalid value: 120',
        }),
        {
          status: 'Degraded',
          message:
            'InvalidSpec: The Rollout "payments-api" is invalid: spec.strategy.canary.steps[0].setWeight: Invalid value: 120',
        },
      ],
      [
        'Progressing with the controller’s message',
        canary({
          ...rolledOut,
          updatedReplicas: 1,
          observedGeneration: '5',
          phase: 'Progressing',
          message: 'more replicas need to be updated',
        }),
        { status: 'Progressing', message: 'more replicas need to be updated' },
      ],
      [
        'Progressing without a message: the counters say why',
        canary({
          ...rolledOut,
          updatedReplicas: 1,
          observedGeneration: '5',
          currentStepIndex: 5,
          phase: 'Progressing',
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: 1 out of 5 new replicas have been updated...',
        },
      ],
      [
        'a phase that disagrees with the counters and has no message',
        canary({
          ...rolledOut,
          updatedReplicas: 1,
          observedGeneration: '5',
          currentStepIndex: 5,
          phase: 'Healthy',
        }),
        { status: 'Healthy', message: 'Rollout is Healthy' },
      ],
    ])('%s', (_, object, expected) => {
      expect(rolloutHealth.assess(object)).toEqual(expected);
    });
  });

  describe('conditions and counters (Argo Rollouts before v1.0)', () => {
    it.each([
      [
        'an invalid spec',
        canary({
          observedGeneration: '5',
          conditions: [
            condition(
              'InvalidSpec',
              'True',
              'InvalidSpec',
              'Rollout has missing field .spec.strategy',
            ),
          ],
        }),
        {
          status: 'Degraded',
          message: 'Invalid spec: Rollout has missing field .spec.strategy',
        },
      ],
      [
        'aborted, with a message that says so',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          abort: true,
          conditions: [
            condition(
              'Progressing',
              'False',
              'RolloutAborted',
              'Rollout is aborted',
            ),
          ],
        }),
        { status: 'Degraded', message: 'Rollout is aborted' },
      ],
      [
        'aborted by a failed analysis',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          abort: true,
          message:
            'metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
        }),
        {
          status: 'Degraded',
          message:
            'Rollout is aborted: metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
        },
      ],
      [
        'past its progress deadline',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          conditions: [
            condition(
              'Progressing',
              'False',
              'ProgressDeadlineExceeded',
              'ReplicaSet "payments-api-7c9d" has timed out progressing.',
            ),
          ],
        }),
        {
          status: 'Degraded',
          message:
            'Progress deadline exceeded: ReplicaSet "payments-api-7c9d" has timed out progressing.',
        },
      ],
      [
        'paused at a pause step',
        canary({
          ...rolledOut,
          observedGeneration: '5',
          currentStepIndex: 1,
          pauseConditions: [{ reason: 'CanaryPauseStep' }],
        }),
        {
          status: 'Suspended',
          message:
            'Rollout is paused (CanaryPauseStep) at step 2 of 5 (pause until promoted)',
        },
      ],
      [
        'paused by a user',
        canary(
          { ...rolledOut, observedGeneration: '5', currentStepIndex: 5 },
          { spec: { paused: true } },
        ),
        { status: 'Suspended', message: 'Rollout is paused' },
      ],
      [
        'not reconciled yet',
        canary({ observedGeneration: '5' }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: status has not been reconciled',
        },
      ],
      [
        'at a setWeight step',
        canary({ ...rolledOut, observedGeneration: '5', currentStepIndex: 2 }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish steps: at step 3 of 5 (setWeight 50)',
        },
      ],
      [
        'updating replicas',
        canary({
          ...rolledOut,
          updatedReplicas: 2,
          observedGeneration: '5',
          currentStepIndex: 5,
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: 2 out of 5 new replicas have been updated...',
        },
      ],
      [
        'old replicas still terminating',
        canary({
          ...rolledOut,
          replicas: 7,
          observedGeneration: '5',
          currentStepIndex: 5,
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: 2 old replicas are pending termination...',
        },
      ],
      [
        'updated replicas not available yet',
        canary({
          ...rolledOut,
          availableReplicas: 3,
          observedGeneration: '5',
          currentStepIndex: 5,
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: 3 of 5 updated replicas are available...',
        },
      ],
      [
        'the new ReplicaSet not stable yet',
        canary({
          ...rolledOut,
          stableRS: '5a6b7c8d9',
          observedGeneration: '5',
          currentStepIndex: 5,
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: the new ReplicaSet is not stable yet',
        },
      ],
      [
        'a canary before v0.8 (status.canary.stableRS)',
        canary({
          ...rolledOut,
          stableRS: undefined,
          canary: { stableRS: '6b8f9c7d5' },
          observedGeneration: '5',
          currentStepIndex: 5,
        }),
        { status: 'Healthy', message: 'Rollout is fully promoted' },
      ],
      [
        'a canary without steps',
        canary(
          { ...rolledOut, observedGeneration: '5' },
          { spec: { strategy: { canary: {} } } },
        ),
        { status: 'Healthy', message: 'Rollout is fully promoted' },
      ],
      [
        'blue-green serving the current pods',
        blueGreen({
          replicas: 4,
          updatedReplicas: 2,
          availableReplicas: 2,
          currentPodHash: 'abc',
          stableRS: 'abc',
          blueGreen: { activeSelector: 'abc' },
        }),
        {
          status: 'Healthy',
          message:
            'The active Service is serving traffic to the current pod spec',
        },
      ],
      [
        'blue-green waiting for promotion behind the preview Service',
        blueGreen({
          replicas: 4,
          updatedReplicas: 2,
          availableReplicas: 2,
          currentPodHash: 'def',
          stableRS: 'abc',
          blueGreen: { activeSelector: 'abc', previewSelector: 'def' },
          pauseConditions: [{ reason: 'BlueGreenPause' }],
        }),
        { status: 'Suspended', message: 'Rollout is paused (BlueGreenPause)' },
      ],
      [
        'blue-green before the cutover',
        blueGreen({
          replicas: 4,
          updatedReplicas: 2,
          availableReplicas: 2,
          currentPodHash: 'def',
          stableRS: 'abc',
          blueGreen: { activeSelector: 'abc' },
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: the active Service does not serve the current pod spec yet',
        },
      ],
      [
        'blue-green in post-promotion analysis',
        blueGreen({
          replicas: 4,
          updatedReplicas: 2,
          availableReplicas: 2,
          currentPodHash: 'def',
          stableRS: 'abc',
          blueGreen: { activeSelector: 'def' },
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: post-promotion analysis has not passed yet',
        },
      ],
      [
        'blue-green with new pods not available',
        blueGreen({
          replicas: 3,
          updatedReplicas: 2,
          availableReplicas: 1,
          currentPodHash: 'def',
          blueGreen: { activeSelector: 'abc' },
        }),
        {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: 1 of 2 updated replicas are available...',
        },
      ],
    ])('%s', (_, object, expected) => {
      expect(rolloutHealth.assess(object)).toEqual(expected);
    });
  });
});
