import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import {
  describeCondition,
  describeConditionWithType,
  findCondition,
  readConditions,
  trueCondition,
} from './statusConditions';
import { supportsKinds } from './supportsKind';

/**
 * KEDA `ScaledObject` and `ScaledJob` health: `Fallback: True` (the scaler
 * keeps failing and KEDA holds the fallback replica count) and
 * `Ready: False` (invalid triggers, missing target, failed scaler) are
 * Degraded; `Paused: True` (the `autoscaling.keda.sh/paused` annotation) is
 * Suspended; `Ready: True` is Healthy, saying whether triggers are active;
 * otherwise KEDA has not reconciled it yet: Progressing.
 */
export const kedaHealth: ResourceHealthCheck = {
  supports: supportsKinds(['keda.sh'], ['ScaledObject', 'ScaledJob']),
  assess(object: KubernetesObject) {
    const conditions = readConditions(object);
    const fallback = trueCondition(conditions, 'Fallback');
    if (fallback) {
      return {
        status: 'Degraded',
        message: describeConditionWithType(fallback),
      };
    }
    const ready = findCondition(conditions, 'Ready');
    if (ready?.status === 'False') {
      return { status: 'Degraded', message: describeConditionWithType(ready) };
    }
    const paused = trueCondition(conditions, 'Paused');
    if (paused) {
      return {
        status: 'Suspended',
        message: describeConditionWithType(paused),
      };
    }
    if (ready?.status === 'True') {
      const active = findCondition(conditions, 'Active');
      return {
        status: 'Healthy',
        message:
          [
            ready.message,
            active?.message ?? (active && describeCondition(active)),
          ]
            .filter(Boolean)
            .join('; ') || 'Ready',
      };
    }
    return {
      status: 'Progressing',
      message: ready
        ? describeConditionWithType(ready)
        : `Waiting for KEDA to reconcile the ${object.kind}`,
    };
  },
};
