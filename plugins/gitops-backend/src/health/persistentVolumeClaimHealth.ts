import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readString } from './readField';
import { supportsKind } from './supportsKind';

/**
 * PersistentVolumeClaim health by phase: `Bound` is healthy, `Pending` waits
 * for provisioning (or for a first consumer, with `WaitForFirstConsumer`
 * storage classes), `Lost` means the bound volume is gone.
 */
export const persistentVolumeClaimHealth: ResourceHealthCheck = {
  supports: supportsKind([''], 'PersistentVolumeClaim'),
  assess(object) {
    const phase = readString(object, 'status.phase');
    switch (phase) {
      case 'Bound':
        return {
          status: 'Healthy',
          message: `Bound to volume ${
            readString(object, 'spec.volumeName') ?? '(unnamed)'
          }`,
        };
      case 'Pending':
        return {
          status: 'Progressing',
          message: 'Waiting for a volume to be provisioned and bound',
        };
      case 'Lost': {
        const volume = readString(object, 'spec.volumeName');
        return {
          status: 'Degraded',
          message: volume
            ? `The bound volume ${volume} no longer exists`
            : 'The bound volume no longer exists',
        };
      }
      default:
        return {
          status: 'Unknown',
          message: `Unexpected claim phase: ${phase ?? 'not reported'}`,
        };
    }
  },
};
