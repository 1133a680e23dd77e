import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readNumber } from './readField';
import { describeCondition, readConditions } from './statusConditions';
import { supportsKind } from './supportsKind';

/**
 * ReplicaSet health: the latest generation observed, no `ReplicaFailure`
 * (pods cannot be created, e.g. a quota is exhausted), every desired replica
 * available.
 */
export const replicaSetHealth: ResourceHealthCheck = {
  supports: supportsKind(['apps', 'extensions'], 'ReplicaSet'),
  assess(object) {
    const generation = readNumber(object, 'metadata.generation') ?? 0;
    const observedGeneration =
      readNumber(object, 'status.observedGeneration') ?? 0;
    if (generation > observedGeneration) {
      return {
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: observed replica set generation less than desired generation',
      };
    }
    const failure = readConditions(object).find(
      condition =>
        condition.type === 'ReplicaFailure' && condition.status === 'True',
    );
    if (failure) {
      return { status: 'Degraded', message: describeCondition(failure) };
    }
    const desired = readNumber(object, 'spec.replicas') ?? 1;
    const available = readNumber(object, 'status.availableReplicas') ?? 0;
    if (available < desired) {
      return {
        status: 'Progressing',
        message: `Waiting for rollout to finish: ${available} out of ${desired} new replicas are available...`,
      };
    }
    return {
      status: 'Healthy',
      message: `${available} of ${desired} replicas are available`,
    };
  },
};
