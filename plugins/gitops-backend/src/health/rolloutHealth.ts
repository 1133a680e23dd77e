import {
  HealthAssessment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import {
  isRecord,
  readArray,
  readField,
  readNumber,
  readString,
} from './readField';
import {
  StatusCondition,
  describeCondition,
  readConditions,
} from './statusConditions';
import { supportsKind } from './supportsKind';

/**
 * Argo Rollouts `Rollout` health. Aborted rollouts, invalid specs and passed
 * progress deadlines are Degraded; a rollout paused by a user or at a canary
 * `pause` step is Suspended (it waits for a promotion); otherwise it
 * progresses through its canary steps and replica counts until the new pods
 * are the stable ReplicaSet (canary) or behind the active Service
 * (blue-green).
 */
export const rolloutHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'Rollout'),
  assess(object) {
    if (!isRecord(object.status)) {
      return waitingForObservation();
    }
    const generation = readNumber(object, 'metadata.generation');
    const observedGeneration = readNumber(object, 'status.observedGeneration');
    if (generation !== undefined && generation !== observedGeneration) {
      return waitingForObservation();
    }

    const conditions = readConditions(object);
    const invalid = conditions.find(
      condition => condition.type === 'InvalidSpec',
    );
    if (invalid) {
      return {
        status: 'Degraded',
        message: `Rollout spec is invalid: ${describeCondition(invalid)}`,
      };
    }
    const progressing = conditions.find(
      condition => condition.type === 'Progressing',
    );
    if (
      readField(object, 'status.abort') === true ||
      progressing?.reason === 'RolloutAborted'
    ) {
      return {
        status: 'Degraded',
        message: `Rollout is aborted${messageSuffix(
          progressing?.reason === 'RolloutAborted' ? progressing : undefined,
          readString(object, 'status.message'),
        )}`,
      };
    }
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return {
        status: 'Degraded',
        message: `Rollout exceeded its progress deadline${messageSuffix(
          progressing,
        )}`,
      };
    }

    const steps = readArray(object, 'spec.strategy.canary.steps');
    const stepIndex = readNumber(object, 'status.currentStepIndex');
    const atStep =
      steps.length > 0 && stepIndex !== undefined && stepIndex < steps.length
        ? `step ${stepIndex + 1} of ${steps.length} (${describeStep(
            steps[stepIndex],
          )})`
        : undefined;

    const pauseReasons = readArray(object, 'status.pauseConditions')
      .map(pause => readString(pause, 'reason'))
      .filter((reason): reason is string => Boolean(reason));
    if (readField(object, 'spec.paused') === true || pauseReasons.length > 0) {
      const why =
        pauseReasons.length > 0 ? ` (${pauseReasons.join(', ')})` : '';
      return {
        status: 'Suspended',
        message: `Rollout is paused${why}${atStep ? ` at ${atStep}` : ''}`,
      };
    }
    if (atStep) {
      return {
        status: 'Progressing',
        message: `Waiting for rollout to finish steps: at ${atStep}`,
      };
    }

    const isCanary = isRecord(readField(object, 'spec.strategy.canary'));
    const replicas = replicaProgress(object, isCanary);
    if (replicas) {
      return replicas;
    }

    const currentPodHash = readString(object, 'status.currentPodHash');
    if (isCanary) {
      const stable =
        readString(object, 'status.stableRS') ??
        readString(object, 'status.canary.stableRS');
      if (currentPodHash && stable !== currentPodHash) {
        return {
          status: 'Progressing',
          message:
            'Waiting for rollout to finish: the new ReplicaSet is not stable yet',
        };
      }
      return { status: 'Healthy', message: 'Rollout is fully promoted' };
    }
    const active =
      readString(object, 'status.blueGreen.activeSelector') ??
      readString(object, 'status.activeSelector');
    if (currentPodHash && active !== currentPodHash) {
      return {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: the active Service does not serve the new pods yet',
      };
    }
    return {
      status: 'Healthy',
      message: 'The active Service is serving traffic to the current pod spec',
    };
  },
};

function waitingForObservation(): HealthAssessment {
  return {
    status: 'Progressing',
    message: 'Waiting for rollout spec update to be observed',
  };
}

function replicaProgress(
  object: KubernetesObject,
  isCanary: boolean,
): HealthAssessment | undefined {
  const desired = readNumber(object, 'spec.replicas') ?? 1;
  const replicas = readNumber(object, 'status.replicas') ?? 0;
  const updated = readNumber(object, 'status.updatedReplicas') ?? 0;
  const available = readNumber(object, 'status.availableReplicas') ?? 0;
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  }
  // Blue-green keeps the old replicas for a scale-down delay that may be long,
  // so only a canary waits for them to go.
  if (isCanary && replicas > updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${
        replicas - updated
      } old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return undefined;
}

/** A canary step in a few words: `setWeight 20`, `pause 10m`, `analysis`. */
function describeStep(step: unknown): string {
  if (!isRecord(step)) {
    return 'unknown step';
  }
  const [type] = Object.keys(step);
  if (type === undefined) {
    return 'empty step';
  }
  const value = step[type];
  if (type === 'setWeight' && typeof value === 'number') {
    return `setWeight ${value}`;
  }
  if (type === 'pause') {
    const duration = readField(value, 'duration');
    return duration === undefined
      ? 'pause until promoted'
      : `pause ${duration}`;
  }
  return type;
}

function messageSuffix(condition?: StatusCondition, fallback?: string): string {
  const message = condition?.message ?? fallback;
  return message ? `: ${message}` : '';
}
