import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { horizontalPodAutoscalerHealth } from './horizontalPodAutoscalerHealth';

function hpaV2(conditions: unknown[]): KubernetesObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'payments-api', namespace: 'payments' },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'payments-api',
      },
      minReplicas: 2,
      maxReplicas: 10,
    },
    status: { currentReplicas: 3, desiredReplicas: 3, conditions },
  };
}

function hpaV1(annotation?: string): KubernetesObject {
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      annotations: annotation
        ? { 'autoscaling.alpha.kubernetes.io/conditions': annotation }
        : {},
    },
    spec: {
      minReplicas: 2,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 70,
    },
    status: { currentReplicas: 3, desiredReplicas: 3 },
  };
}

const ableToScale = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'ReadyForNewScale',
  message: 'recommended size matches current size',
};

describe('horizontalPodAutoscalerHealth', () => {
  it.each([
    [
      'scaling on valid metrics',
      hpaV2([
        ableToScale,
        {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        },
        {
          type: 'ScalingLimited',
          status: 'False',
          reason: 'DesiredWithinRange',
          message: 'the desired count is within the acceptable range',
        },
      ]),
      {
        status: 'Healthy',
        message:
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      },
    ],
    [
      'metrics that cannot be read',
      hpaV2([
        ableToScale,
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message:
            'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container api',
        },
      ]),
      {
        status: 'Degraded',
        message:
          'FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container api',
      },
    ],
    [
      'a target whose scale cannot be read',
      hpaV2([
        {
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedGetScale',
          message:
            'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "payments-apii" not found',
        },
      ]),
      {
        status: 'Degraded',
        message:
          'FailedGetScale: the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "payments-apii" not found',
      },
    ],
    [
      'a target scaled to zero',
      hpaV2([
        ableToScale,
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'ScalingDisabled',
          message:
            'scaling is disabled since the replica count of the target is zero',
        },
      ]),
      {
        status: 'Suspended',
        message:
          'ScalingDisabled: scaling is disabled since the replica count of the target is zero',
      },
    ],
    [
      'an HPA the controller has not reported on',
      hpaV2([]),
      { status: 'Progressing', message: 'Waiting to Autoscale' },
    ],
    [
      'an autoscaling/v1 HPA with conditions in its annotation',
      hpaV1(
        JSON.stringify([
          {
            type: 'AbleToScale',
            status: 'True',
            lastTransitionTime: '2025-05-02T10:00:00Z',
            reason: 'SucceededRescale',
            message:
              'the HPA controller was able to update the target scale to 4',
          },
        ]),
      ),
      {
        status: 'Healthy',
        message: 'the HPA controller was able to update the target scale to 4',
      },
    ],
    [
      'an autoscaling/v1 HPA without the annotation',
      hpaV1(),
      { status: 'Progressing', message: 'Waiting to Autoscale' },
    ],
  ])('%s', (_, object, expected) => {
    expect(horizontalPodAutoscalerHealth.assess(object)).toEqual(expected);
  });

  it('explains a conditions annotation that is not JSON', () => {
    expect(() => horizontalPodAutoscalerHealth.assess(hpaV1('[{'))).toThrow(
      /^Annotation autoscaling\.alpha\.kubernetes\.io\/conditions is not valid JSON: /,
    );
  });
});
