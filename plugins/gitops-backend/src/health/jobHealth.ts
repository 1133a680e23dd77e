import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readField, readNumber } from './readField';
import { describeCondition, readConditions } from './statusConditions';
import { supportsKind } from './supportsKind';

/**
 * Job health from its terminal conditions: `Failed` is Degraded, `Complete`
 * Healthy, a suspended Job Suspended, anything else still running.
 */
export const jobHealth: ResourceHealthCheck = {
  supports: supportsKind(['batch'], 'Job'),
  assess(object) {
    const conditions = readConditions(object).filter(
      condition => condition.status === 'True',
    );
    const failed = conditions.find(condition => condition.type === 'Failed');
    if (failed) {
      return { status: 'Degraded', message: describeCondition(failed) };
    }
    const complete = conditions.find(
      condition => condition.type === 'Complete',
    );
    if (complete) {
      return {
        status: 'Healthy',
        message: complete.message ?? 'Job completed',
      };
    }
    const suspended = conditions.find(
      condition => condition.type === 'Suspended',
    );
    if (suspended || readField(object, 'spec.suspend') === true) {
      return { status: 'Suspended', message: 'Job is suspended' };
    }

    const active = readNumber(object, 'status.active') ?? 0;
    const succeeded = readNumber(object, 'status.succeeded') ?? 0;
    const failedPods = readNumber(object, 'status.failed') ?? 0;
    const completions = readNumber(object, 'spec.completions');
    const progress =
      completions === undefined
        ? `${succeeded} succeeded`
        : `${succeeded} of ${completions} completions succeeded`;
    return {
      status: 'Progressing',
      message: `Waiting for job to complete: ${active} active, ${progress}, ${failedPods} failed`,
    };
  },
};
