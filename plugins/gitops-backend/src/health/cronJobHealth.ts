import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readArray, readField, readString } from './readField';
import { supportsKind } from './supportsKind';

/**
 * CronJob health, as Argo CD judges it: suspended when `spec.suspend`,
 * Degraded only when the last scheduled run is known to have failed (it
 * ended, nothing is active, and the last success is older than it). A CronJob
 * that never ran is Healthy, because its status cannot tell a missed schedule
 * from one that has not come yet.
 */
export const cronJobHealth: ResourceHealthCheck = {
  supports: supportsKind(['batch'], 'CronJob'),
  assess(object) {
    if (readField(object, 'spec.suspend') === true) {
      return { status: 'Suspended', message: 'CronJob is suspended' };
    }
    const lastSchedule = readString(object, 'status.lastScheduleTime');
    if (!lastSchedule) {
      return {
        status: 'Healthy',
        message: 'CronJob has not been scheduled yet',
      };
    }
    const lastSuccess = readString(object, 'status.lastSuccessfulTime');
    if (!lastSuccess) {
      return {
        status: 'Healthy',
        message: 'CronJob has not completed a run successfully yet',
      };
    }
    if (readArray(object, 'status.active').length > 0) {
      return { status: 'Healthy', message: 'CronJob is running a job' };
    }
    if (Date.parse(lastSuccess) < Date.parse(lastSchedule)) {
      return {
        status: 'Degraded',
        message: `CronJob's last run (scheduled ${lastSchedule}) did not complete successfully; last success ${lastSuccess}`,
      };
    }
    return {
      status: 'Healthy',
      message: `CronJob completed its last run successfully at ${lastSuccess}`,
    };
  },
};
