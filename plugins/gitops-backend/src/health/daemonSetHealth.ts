import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readNumber, readString } from './readField';
import { supportsKind } from './supportsKind';

/**
 * DaemonSet health, following `kubectl rollout status`: the latest generation
 * observed, then every scheduled node running an updated, available pod.
 * `OnDelete` sets only update pods that someone deletes, so they are healthy
 * once observed.
 */
export const daemonSetHealth: ResourceHealthCheck = {
  supports: supportsKind(['apps', 'extensions'], 'DaemonSet'),
  assess(object) {
    const name = object.metadata.name;
    const generation = readNumber(object, 'metadata.generation') ?? 0;
    const observedGeneration =
      readNumber(object, 'status.observedGeneration') ?? 0;
    if (generation > observedGeneration) {
      return {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: observed daemon set generation less than desired generation',
      };
    }

    const desired = readNumber(object, 'status.desiredNumberScheduled') ?? 0;
    const updated = readNumber(object, 'status.updatedNumberScheduled') ?? 0;
    const available = readNumber(object, 'status.numberAvailable') ?? 0;
    if (readString(object, 'spec.updateStrategy.type') === 'OnDelete') {
      return {
        status: 'Healthy',
        message: `daemon set ${updated} out of ${desired} new pods have been updated`,
      };
    }
    if (updated < desired) {
      return {
        status: 'Progressing',
        message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
      };
    }
    if (available < desired) {
      return {
        status: 'Progressing',
        message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
      };
    }
    return {
      status: 'Healthy',
      message: `daemon set "${name}" successfully rolled out`,
    };
  },
};
