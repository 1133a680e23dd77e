import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import {
  describeConditionWithType,
  findCondition,
  readConditions,
} from './statusConditions';
import { supportsKind } from './supportsKind';

/** Reasons of `Available: False` while the backing Service is still coming up. */
const STARTING_REASONS = new Set([
  'MissingEndpoints',
  'ServiceNotFound',
  'EndpointsNotFound',
]);

/**
 * `APIService` health from its `Available` condition: `True` is Healthy;
 * `False` because the backing Service has no endpoints yet is Progressing;
 * `False` for any other reason (`FailedDiscoveryCheck`,
 * `ServiceAccessError`) is Degraded, because an unavailable aggregated API
 * breaks discovery for every client of the cluster. Argo CD calls every
 * `False` Progressing; see the README.
 */
export const apiServiceHealth: ResourceHealthCheck = {
  supports: supportsKind(['apiregistration.k8s.io'], 'APIService'),
  assess(object) {
    const available = findCondition(readConditions(object), 'Available');
    if (!available) {
      return { status: 'Progressing', message: 'Waiting to be processed' };
    }
    if (available.status === 'True') {
      return {
        status: 'Healthy',
        message: describeConditionWithType(available),
      };
    }
    if (
      available.status === 'False' &&
      !STARTING_REASONS.has(available.reason ?? '')
    ) {
      return {
        status: 'Degraded',
        message: describeConditionWithType(available),
      };
    }
    return {
      status: 'Progressing',
      message: describeConditionWithType(available),
    };
  },
};
