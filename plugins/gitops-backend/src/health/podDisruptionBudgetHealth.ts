import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { staleGeneration } from './observedGeneration';
import { readNumber } from './readField';
import {
  describeConditionWithType,
  findCondition,
  readConditions,
} from './statusConditions';
import { supportsKind } from './supportsKind';

/**
 * `PodDisruptionBudget` health from the disruption controller's
 * `DisruptionAllowed` condition and counts: `True` is Healthy; `False` with
 * reason `SyncFailed` (the controller cannot compute the budget, e.g. pods
 * of an unknown controller) is Degraded; `False` with `InsufficientPods` is
 * Progressing while fewer pods are healthy than the budget requires, and
 * Healthy when the budget allows no disruption by design (`maxUnavailable:
 * 0`, a single replica) or selects no pods. An unobserved generation or no
 * condition yet is Progressing.
 */
export const podDisruptionBudgetHealth: ResourceHealthCheck = {
  supports: supportsKind(['policy'], 'PodDisruptionBudget'),
  assess(object) {
    const stale = staleGeneration(object);
    if (stale) {
      return stale;
    }
    const condition = findCondition(
      readConditions(object),
      'DisruptionAllowed',
    );
    if (!condition) {
      return {
        status: 'Progressing',
        message: 'Waiting for the disruption controller to compute the budget',
      };
    }
    const current = readNumber(object, 'status.currentHealthy') ?? 0;
    const desired = readNumber(object, 'status.desiredHealthy') ?? 0;
    const expected = readNumber(object, 'status.expectedPods') ?? 0;
    if (condition.status === 'True') {
      const allowed = readNumber(object, 'status.disruptionsAllowed') ?? 0;
      return {
        status: 'Healthy',
        message: `${allowed} disruption${
          allowed === 1 ? '' : 's'
        } allowed: ${current} healthy, ${desired} required`,
      };
    }
    if (condition.reason !== 'InsufficientPods') {
      return {
        status: 'Degraded',
        message: describeConditionWithType(condition),
      };
    }
    if (expected === 0) {
      return { status: 'Healthy', message: 'The budget selects no pods' };
    }
    if (current < desired) {
      return {
        status: 'Progressing',
        message: `${current} of the ${desired} pods the budget requires are healthy; no disruption allowed`,
      };
    }
    return {
      status: 'Healthy',
      message: `No disruption allowed by design: all ${desired} of ${expected} pods must stay healthy`,
    };
  },
};
