import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readField, readNumber } from './readField';
import { findCondition, readConditions } from './statusConditions';
import { supportsKind } from './supportsKind';

/**
 * Deployment health, following `kubectl rollout status`: a rollout is done
 * once the controller has observed the latest generation and every desired
 * replica is updated and available with no old replica left. A paused
 * Deployment is Suspended; one whose Progressing condition says the progress
 * deadline passed is Degraded.
 */
export const deploymentHealth: ResourceHealthCheck = {
  supports: supportsKind(['apps', 'extensions'], 'Deployment'),
  assess(object) {
    const name = object.metadata.name;
    if (readField(object, 'spec.paused') === true) {
      return { status: 'Suspended', message: `Deployment "${name}" is paused` };
    }
    const generation = readNumber(object, 'metadata.generation') ?? 0;
    const observedGeneration =
      readNumber(object, 'status.observedGeneration') ?? 0;
    if (generation > observedGeneration) {
      return {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: observed deployment generation less than desired generation',
      };
    }

    const progressing = findCondition(readConditions(object), 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return {
        status: 'Degraded',
        message: `Deployment "${name}" exceeded its progress deadline${
          progressing.message ? `: ${progressing.message}` : ''
        }`,
      };
    }

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
    if (replicas > updated) {
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
    return {
      status: 'Healthy',
      message: `Deployment "${name}" successfully rolled out`,
    };
  },
};
