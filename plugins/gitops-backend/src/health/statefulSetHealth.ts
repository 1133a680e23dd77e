import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readNumber, readString } from './readField';
import { supportsKind } from './supportsKind';

/**
 * StatefulSet health, following `kubectl rollout status`: the latest
 * generation observed, every replica ready, then either the partition's share
 * of pods updated (RollingUpdate) or the update revision become current.
 * `OnDelete` sets never roll by themselves, so ready pods are all one can ask.
 */
export const statefulSetHealth: ResourceHealthCheck = {
  supports: supportsKind(['apps'], 'StatefulSet'),
  assess(object) {
    const generation = readNumber(object, 'metadata.generation') ?? 0;
    const observedGeneration = readNumber(object, 'status.observedGeneration');
    if (observedGeneration === undefined || generation > observedGeneration) {
      return {
        status: 'Progressing',
        message: 'Waiting for statefulset spec update to be observed...',
      };
    }

    const desired = readNumber(object, 'spec.replicas') ?? 1;
    const ready = readNumber(object, 'status.readyReplicas') ?? 0;
    if (ready < desired) {
      return {
        status: 'Progressing',
        message: `Waiting for ${desired - ready} pods to be ready...`,
      };
    }

    const strategy = readString(object, 'spec.updateStrategy.type');
    if (strategy === 'OnDelete') {
      return {
        status: 'Healthy',
        message: `statefulset has ${ready} ready pods`,
      };
    }

    const updated = readNumber(object, 'status.updatedReplicas') ?? 0;
    const partition =
      readNumber(object, 'spec.updateStrategy.rollingUpdate.partition') ?? 0;
    if (partition > 0) {
      const expected = Math.max(desired - partition, 0);
      if (updated < expected) {
        return {
          status: 'Progressing',
          message: `Waiting for partitioned roll out to finish: ${updated} out of ${expected} new pods have been updated...`,
        };
      }
      return {
        status: 'Healthy',
        message: `partitioned roll out complete: ${updated} new pods have been updated...`,
      };
    }

    const updateRevision = readString(object, 'status.updateRevision');
    const currentRevision = readString(object, 'status.currentRevision');
    if (updateRevision && updateRevision !== currentRevision) {
      return {
        status: 'Progressing',
        message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
      };
    }
    const current = readNumber(object, 'status.currentReplicas') ?? ready;
    return {
      status: 'Healthy',
      message: `statefulset rolling update complete ${current} pods at revision ${
        currentRevision ?? 'unknown'
      }...`,
    };
  },
};
