import {
  HealthAssessment,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { readNumber } from './readField';
import {
  StatusCondition,
  describeCondition,
  findCondition,
  readConditions,
} from './statusConditions';

/** Condition types whose `True` means the object failed. */
const FAILURE_TYPE = /(Failed|Failure|Degraded|Error)$/;

/** Condition types whose `True` means work is under way (kstatus, cert-manager). */
const IN_PROGRESS_TYPES = ['Reconciling', 'Issuing'];

/** Reasons of a `Ready: False` that mean "not yet" rather than "broken". */
const IN_PROGRESS_REASONS = new Set([
  'Progressing',
  'ProgressingWithRetry',
  'Reconciling',
  'Pending',
  'Issuing',
  'Waiting',
  'Creating',
  'Initializing',
]);

/**
 * Health of kinds no specific check knows, from the conventions most
 * controllers follow (kstatus, Flux, cert-manager, Crossplane): a stale
 * `observedGeneration` or `Reconciling` (or cert-manager's `Issuing`) is Progressing, `Stalled` or a failure
 * condition is Degraded, `Ready`/`Available` decide otherwise. An object
 * without conditions is Healthy once it exists, as in Argo CD: a ConfigMap has
 * nothing to wait for.
 */
export const conditionsHealth: ResourceHealthCheck = {
  supports: () => true,
  assess(object) {
    const generation = readNumber(object, 'metadata.generation');
    const observedGeneration = readNumber(object, 'status.observedGeneration');
    if (
      generation !== undefined &&
      observedGeneration !== undefined &&
      observedGeneration < generation
    ) {
      return {
        status: 'Progressing',
        message: `Waiting for the controller to observe generation ${generation} (observed ${observedGeneration})`,
      };
    }

    const conditions = readConditions(object);
    const isTrue = (type: string) => {
      const condition = findCondition(conditions, type);
      return condition?.status === 'True' ? condition : undefined;
    };

    const stalled = isTrue('Stalled');
    if (stalled) {
      return degraded(stalled);
    }
    const failure = conditions.find(
      condition =>
        condition.status === 'True' && FAILURE_TYPE.test(condition.type),
    );
    if (failure) {
      return degraded(failure);
    }
    const reconciling = IN_PROGRESS_TYPES.map(isTrue).find(Boolean);
    const readiness =
      findCondition(conditions, 'Ready') ??
      findCondition(conditions, 'Available');
    if (reconciling && readiness?.status !== 'True') {
      return { status: 'Progressing', message: describeCondition(reconciling) };
    }
    if (readiness) {
      return fromReadiness(readiness);
    }
    return { status: 'Healthy' };
  },
};

function fromReadiness(condition: StatusCondition): HealthAssessment {
  if (condition.status === 'True') {
    return { status: 'Healthy', message: condition.message };
  }
  if (
    condition.status === 'False' &&
    !IN_PROGRESS_REASONS.has(condition.reason ?? '')
  ) {
    return degraded(condition);
  }
  return { status: 'Progressing', message: describeCondition(condition) };
}

function degraded(condition: StatusCondition): HealthAssessment {
  return {
    status: 'Degraded',
    message: `${condition.type}: ${describeCondition(condition)}`,
  };
}
