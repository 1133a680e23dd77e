import { HEALTH_STATUSES_BEST_FIRST } from '@slipway/plugin-gitops-common';
import {
  HealthAssessment,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { readString } from './readField';
import { supportsKind } from './supportsKind';

const STATUSES = new Set<string>(HEALTH_STATUSES_BEST_FIRST);

/**
 * Argo CD `Application` health (app of apps): the health Argo CD computed
 * for the child, from `status.health`. A child that is `Missing` or
 * `Unknown` (or says nothing yet) has no health, so, as in Argo CD, it does
 * not decide its parent's health.
 */
export const argoCdApplicationHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'Application'),
  assess(object) {
    const status = readString(object, 'status.health.status');
    if (!status || !STATUSES.has(status)) {
      return undefined;
    }
    const message = readString(object, 'status.health.message');
    const assessment: HealthAssessment = {
      status: status as HealthAssessment['status'],
      message: message || `Argo CD reports the application ${status}`,
    };
    return status === 'Missing' || status === 'Unknown'
      ? undefined
      : assessment;
  },
};
