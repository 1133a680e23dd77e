import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import {
  StatusCondition,
  describeCondition,
  parseConditions,
  readConditions,
} from './statusConditions';
import { supportsKind } from './supportsKind';

/** `autoscaling/v1` keeps the v2 conditions in this annotation, as JSON. */
const V1_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

/** Reasons the HPA controller gives when it cannot do its job. */
const FAILED_REASONS: Record<string, readonly string[]> = {
  AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
  ScalingActive: [
    'FailedGetResourceMetric',
    'FailedGetContainerResourceMetric',
    'FailedGetPodsMetric',
    'FailedGetObjectMetric',
    'FailedGetExternalMetric',
    'InvalidSelector',
    'InvalidMetricSourceType',
  ],
};

/**
 * HorizontalPodAutoscaler health from the controller's conditions: Degraded
 * when it cannot read the target's scale or its metrics, Suspended when the
 * target is scaled to zero (autoscaling is off until it is scaled up again),
 * Healthy once scaling is active or the controller has (re)scaled, and
 * Progressing until the controller has reported anything.
 */
export const horizontalPodAutoscalerHealth: ResourceHealthCheck = {
  supports: supportsKind(['autoscaling'], 'HorizontalPodAutoscaler'),
  assess(object) {
    const conditions = hpaConditions(object);
    const failed = conditions.find(condition =>
      FAILED_REASONS[condition.type]?.includes(condition.reason ?? ''),
    );
    if (failed) {
      return { status: 'Degraded', message: describeCondition(failed) };
    }
    const scalingActive = conditions.find(
      condition => condition.type === 'ScalingActive',
    );
    if (
      scalingActive?.status === 'False' &&
      scalingActive.reason === 'ScalingDisabled'
    ) {
      return { status: 'Suspended', message: describeCondition(scalingActive) };
    }
    const healthy = conditions.find(
      condition =>
        (condition.type === 'ScalingActive' && condition.status === 'True') ||
        (condition.type === 'AbleToScale' &&
          condition.reason === 'SucceededRescale') ||
        condition.type === 'ScalingLimited',
    );
    if (healthy) {
      return { status: 'Healthy', message: healthy.message };
    }
    return { status: 'Progressing', message: 'Waiting to Autoscale' };
  },
};

function hpaConditions(object: {
  metadata: { annotations?: Record<string, string> };
}): StatusCondition[] {
  const fromStatus = readConditions(object);
  if (fromStatus.length > 0) {
    return fromStatus;
  }
  const annotation = object.metadata.annotations?.[V1_CONDITIONS_ANNOTATION];
  if (!annotation) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotation);
  } catch (error) {
    throw new Error(
      `Annotation ${V1_CONDITIONS_ANNOTATION} is not valid JSON: ${
        (error as Error).message
      }`,
    );
  }
  return Array.isArray(parsed) ? parseConditions(parsed) : [];
}
