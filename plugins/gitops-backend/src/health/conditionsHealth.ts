import { HealthAssessment } from '@slipway/plugin-gitops-node';
import { readNumber } from './readField';
import {
  StatusCondition,
  describeCondition,
  describeConditionWithType,
  findCondition,
  readConditions,
  trueCondition,
} from './statusConditions';

/** Condition types whose `True` means the object failed. */
const FAILURE_TYPE = /(Failed|Failure|Degraded|Error)$/;

/** Condition types whose `True` means work is under way (kstatus, cert-manager). */
const IN_PROGRESS_TYPES = ['Reconciling', 'Issuing'];

/** Reasons of a `Ready: False` that mean "not yet" rather than "broken". */
export const IN_PROGRESS_REASONS: ReadonlySet<string> = new Set([
  'Progressing',
  'ProgressingWithRetry',
  'Reconciling',
  'Pending',
  'Issuing',
  'Waiting',
  'Creating',
  'Initializing',
  'DependencyNotReady',
]);

export interface ConditionsHealthOptions {
  /** Condition types that say the object works, most telling first. */
  readinessTypes?: readonly string[];
  /** Reasons of a readiness `False` that mean "not yet" (default {@link IN_PROGRESS_REASONS}). */
  inProgressReasons?: ReadonlySet<string>;
  /** The message when the object has none of the readiness conditions yet. */
  whenUnreported?: string;
}

/**
 * Health from the condition conventions most controllers follow (kstatus,
 * Flux, cert-manager, Crossplane, KEDA): `Stalled` or a true failure
 * condition is Degraded; `Reconciling` (or cert-manager's `Issuing`) is
 * Progressing until the object is ready; `Ready`/`Available` decide
 * otherwise, with a `False` that gives an in-progress reason read as
 * Progressing. A readiness condition written for an older generation is
 * Progressing. Without any readiness condition the answer is Progressing
 * with `whenUnreported` when given, or `undefined` (nothing to judge).
 */
export function conditionsHealth(
  object: unknown,
  options: ConditionsHealthOptions = {},
): HealthAssessment | undefined {
  const conditions = readConditions(object);
  const stalled = trueCondition(conditions, 'Stalled');
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
  const readiness = (options.readinessTypes ?? ['Ready', 'Available'])
    .map(type => findCondition(conditions, type))
    .find(Boolean);
  const reconciling = IN_PROGRESS_TYPES.map(type =>
    trueCondition(conditions, type),
  ).find(Boolean);
  if (reconciling && readiness?.status !== 'True') {
    return { status: 'Progressing', message: describeCondition(reconciling) };
  }
  if (!readiness) {
    return options.whenUnreported
      ? { status: 'Progressing', message: options.whenUnreported }
      : undefined;
  }
  const generation = readNumber(object, 'metadata.generation');
  if (
    generation !== undefined &&
    readiness.observedGeneration !== undefined &&
    readiness.observedGeneration < generation
  ) {
    return {
      status: 'Progressing',
      message: `Waiting for the controller to observe generation ${generation} (${readiness.type} is for ${readiness.observedGeneration})`,
    };
  }
  return fromReadiness(
    readiness,
    options.inProgressReasons ?? IN_PROGRESS_REASONS,
  );
}

function fromReadiness(
  condition: StatusCondition,
  inProgressReasons: ReadonlySet<string>,
): HealthAssessment {
  if (condition.status === 'True') {
    return {
      status: 'Healthy',
      message: condition.message || describeCondition(condition),
    };
  }
  if (
    condition.status === 'False' &&
    !inProgressReasons.has(condition.reason ?? '')
  ) {
    return degraded(condition);
  }
  return {
    status: 'Progressing',
    message: describeConditionWithType(condition),
  };
}

export function degraded(condition: StatusCondition): HealthAssessment {
  return { status: 'Degraded', message: describeConditionWithType(condition) };
}
