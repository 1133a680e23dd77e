import { HealthStatus } from '@slipway/plugin-gitops-common';
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
import { findCondition, readConditions } from './statusConditions';
import { supportsKind } from './supportsKind';

/** Where a Rollout with `workloadRef` records the generation of its workload. */
const WORKLOAD_GENERATION_ANNOTATION =
  'rollout.argoproj.io/workload-generation';

/** `status.phase` of Argo Rollouts ≥ v1.0 and the health it means. */
const PHASES: Record<string, HealthStatus> = {
  Healthy: 'Healthy',
  Progressing: 'Progressing',
  Degraded: 'Degraded',
  Paused: 'Suspended',
};

/**
 * Argo Rollouts `Rollout` health. Until the controller has observed the
 * current spec (and, with `workloadRef`, the referenced workload's current
 * generation) it is Progressing. Rollouts ≥ v1.0 write their own verdict in
 * `status.phase` and `status.message`, which decides (`Paused` is
 * Suspended). Older Rollouts are judged from their conditions and counters:
 * an invalid spec, an abort or a passed progress deadline is Degraded; a
 * rollout paused by a user, at a canary `pause` step or before a blue-green
 * promotion is Suspended (it waits for a promotion); otherwise it progresses
 * through its canary steps and replica counts until the new pods are the
 * stable ReplicaSet (canary) or behind the active Service (blue-green).
 *
 * Rollouts ≤ v0.9 stored a hash of the spec in `status.observedGeneration`;
 * a value that is not a number, or a number above `metadata.generation`
 * (no controller can observe a generation that does not exist yet), is such
 * a hash and counts as observed.
 */
export const rolloutHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'Rollout'),
  assess(object) {
    if (!isRecord(object.status) || !isGenerationObserved(object)) {
      return {
        status: 'Progressing',
        message: 'Waiting for rollout spec update to be observed',
      };
    }
    const workload = unobservedWorkload(object);
    if (workload) {
      return workload;
    }
    const fromCounters = legacyHealth(object);
    const phase = readString(object, 'status.phase');
    const status = phase ? PHASES[phase] : undefined;
    if (!status) {
      return fromCounters;
    }
    const message = readString(object, 'status.message');
    if (status === 'Suspended') {
      return {
        status,
        message: `Rollout is paused${message ? ` (${message})` : ''}${atStep(
          object,
        )}`,
      };
    }
    if (message) {
      return { status, message };
    }
    return status === fromCounters.status
      ? fromCounters
      : { status, message: `Rollout is ${phase}` };
  },
};

function isGenerationObserved(object: KubernetesObject): boolean {
  const raw = readField(object, 'status.observedGeneration');
  if (raw === undefined || raw === null || raw === '') {
    return false;
  }
  const generation = readNumber(object, 'metadata.generation');
  const observed = readNumber(object, 'status.observedGeneration');
  if (generation === undefined || observed === undefined) {
    return true;
  }
  return observed >= generation;
}

function unobservedWorkload(
  object: KubernetesObject,
): HealthAssessment | undefined {
  const workloadRef = readField(object, 'spec.workloadRef');
  const wanted = object.metadata.annotations?.[WORKLOAD_GENERATION_ANNOTATION];
  // Rollouts before v1.1 wrote neither; their workload is judged by phase.
  if (!isRecord(workloadRef) || wanted === undefined) {
    return undefined;
  }
  const observed = readField(object, 'status.workloadObservedGeneration');
  if (String(observed ?? '') === wanted) {
    return undefined;
  }
  const name = readString(workloadRef, 'name');
  const kind = readString(workloadRef, 'kind') ?? 'workload';
  return {
    status: 'Progressing',
    message: `Waiting for the rollout to observe generation ${wanted} of its ${kind}${
      name ? ` "${name}"` : ''
    } (observed ${observed ?? 'none'})`,
  };
}

/** The verdict from conditions and counters, for Rollouts before v1.0. */
function legacyHealth(object: KubernetesObject): HealthAssessment {
  const conditions = readConditions(object);
  const invalid = findCondition(conditions, 'InvalidSpec');
  if (invalid && invalid.status !== 'False') {
    return {
      status: 'Degraded',
      message: invalid.message
        ? `Invalid spec: ${invalid.message}`
        : 'Rollout spec is invalid',
    };
  }
  const progressing = findCondition(conditions, 'Progressing');
  if (
    readField(object, 'status.abort') === true ||
    progressing?.reason === 'RolloutAborted'
  ) {
    const message =
      (progressing?.reason === 'RolloutAborted'
        ? progressing.message
        : undefined) ?? readString(object, 'status.message');
    return {
      status: 'Degraded',
      message: /abort/i.test(message ?? '')
        ? message
        : `Rollout is aborted${message ? `: ${message}` : ''}`,
    };
  }
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Degraded',
      message: progressing.message
        ? `Progress deadline exceeded: ${progressing.message}`
        : 'Rollout exceeded its progress deadline',
    };
  }

  const pauseReasons = readArray(object, 'status.pauseConditions')
    .map(pause => readString(pause, 'reason'))
    .filter((reason): reason is string => Boolean(reason));
  if (readField(object, 'spec.paused') === true || pauseReasons.length > 0) {
    const why = pauseReasons.length > 0 ? ` (${pauseReasons.join(', ')})` : '';
    return {
      status: 'Suspended',
      message: `Rollout is paused${why}${atStep(object)}`,
    };
  }
  const currentPodHash = readString(object, 'status.currentPodHash');
  if (!currentPodHash) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout to finish: status has not been reconciled',
    };
  }
  const step = atStep(object);
  if (step) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish steps:${step}`,
    };
  }

  const isCanary = isRecord(readField(object, 'spec.strategy.canary'));
  const replicas = replicaProgress(object, isCanary);
  if (replicas) {
    return replicas;
  }
  const stable =
    readString(object, 'status.stableRS') ??
    readString(object, 'status.canary.stableRS');
  if (isCanary) {
    if (stable !== currentPodHash) {
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
  if (active !== currentPodHash) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: the active Service does not serve the current pod spec yet',
    };
  }
  if (stable && stable !== currentPodHash) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: post-promotion analysis has not passed yet',
    };
  }
  return {
    status: 'Healthy',
    message: 'The active Service is serving traffic to the current pod spec',
  };
}

/** ` at step 2 of 5 (pause until promoted)` while canary steps remain, else empty. */
function atStep(object: KubernetesObject): string {
  const steps = readArray(object, 'spec.strategy.canary.steps');
  const index = readNumber(object, 'status.currentStepIndex');
  if (steps.length === 0 || index === undefined || index >= steps.length) {
    return '';
  }
  return ` at step ${index + 1} of ${steps.length} (${describeStep(
    steps[index],
  )})`;
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
