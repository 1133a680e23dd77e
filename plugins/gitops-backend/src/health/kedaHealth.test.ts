import { condition, liveObject } from './__testUtils__/liveObject';
import { kedaHealth } from './kedaHealth';

const scaledObject = (status?: Record<string, unknown>) =>
  liveObject('keda.sh/v1alpha1', 'ScaledObject', { status });

describe('kedaHealth', () => {
  it.each([
    [
      'not reconciled yet',
      scaledObject(),
      {
        status: 'Progressing',
        message: 'Waiting for KEDA to reconcile the ScaledObject',
      },
    ],
    [
      'ready and active',
      scaledObject({
        conditions: [
          condition(
            'Ready',
            'True',
            'ScaledObjectReady',
            'ScaledObject is defined correctly and is ready for scaling',
          ),
          condition(
            'Active',
            'True',
            'ScalerActive',
            'Scaling is performed because triggers are active',
          ),
          condition('Fallback', 'False', 'NoFallbackFound'),
        ],
      }),
      {
        status: 'Healthy',
        message:
          'ScaledObject is defined correctly and is ready for scaling; Scaling is performed because triggers are active',
      },
    ],
    [
      'ready but its scaler keeps failing (fallback)',
      scaledObject({
        conditions: [
          condition('Ready', 'True', 'ScaledObjectReady'),
          condition(
            'Fallback',
            'True',
            'FallbackExists',
            'At least one trigger is falling back on this scaled object',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Fallback: FallbackExists: At least one trigger is falling back on this scaled object',
      },
    ],
    [
      'invalid',
      scaledObject({
        conditions: [
          condition(
            'Ready',
            'False',
            'ScaledObjectCheckFailed',
            "ScaledObject doesn't have correct scaleTargetRef specification",
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          "Ready: ScaledObjectCheckFailed: ScaledObject doesn't have correct scaleTargetRef specification",
      },
    ],
    [
      'paused',
      scaledObject({
        conditions: [
          condition('Ready', 'True'),
          condition(
            'Paused',
            'True',
            'ScaledObjectPaused',
            'ScaledObject is paused',
          ),
        ],
      }),
      {
        status: 'Suspended',
        message: 'Paused: ScaledObjectPaused: ScaledObject is paused',
      },
    ],
    [
      'readiness unknown',
      scaledObject({ conditions: [condition('Ready', 'Unknown')] }),
      { status: 'Progressing', message: 'Ready is Unknown' },
    ],
  ])('%s', (_, object, expected) => {
    expect(kedaHealth.assess(object)).toEqual(expected);
  });

  it('supports ScaledJob too', () => {
    expect(
      kedaHealth.supports({
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledJob',
      }),
    ).toBe(true);
  });
});
