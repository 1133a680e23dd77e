import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';
import { conditionsHealth } from './conditionsHealth';
import { readString } from './readField';
import {
  describeConditionWithType,
  falseCondition,
  readConditions,
  trueCondition,
} from './statusConditions';

/** ACME `Order` and `Challenge` states (RFC 8555) and the health they mean. */
const ACME_STATES: Record<string, 'Healthy' | 'Progressing' | 'Degraded'> = {
  valid: 'Healthy',
  pending: 'Progressing',
  ready: 'Progressing',
  processing: 'Progressing',
  invalid: 'Degraded',
  expired: 'Degraded',
  errored: 'Degraded',
};

/**
 * cert-manager health. `Certificate`: `Ready: True` is Healthy (also while a
 * renewal is issuing: the current certificate is valid); `Issuing: True` is
 * Progressing; `Issuing: False` with reason `Failed` (the last request
 * failed; cert-manager retries with back-off) and `Ready: False` otherwise
 * (expired, missing, mismatched Secret) are Degraded. `CertificateRequest`:
 * `Denied` or `InvalidRequest` is Degraded, `Ready: False` with reason
 * `Pending` is Progressing, `Failed` Degraded, `Issued` Healthy. `Issuer`
 * and `ClusterIssuer`: `Ready` decides (`False`: the ACME account or CA
 * cannot be used). ACME `Order` and `Challenge`: their `status.state`.
 * Without any condition yet: Progressing.
 */
export const certManagerHealth: ResourceHealthCheck = {
  supports: object =>
    ['cert-manager.io', 'acme.cert-manager.io'].includes(
      apiGroupOf(object.apiVersion),
    ),
  assess(object: KubernetesObject) {
    if (apiGroupOf(object.apiVersion) === 'acme.cert-manager.io') {
      return acmeHealth(object);
    }
    const conditions = readConditions(object);
    const refused = ['Denied', 'InvalidRequest']
      .map(type => trueCondition(conditions, type))
      .find(Boolean);
    if (refused) {
      return {
        status: 'Degraded',
        message: describeConditionWithType(refused),
      };
    }
    const failedIssuing = falseCondition(conditions, 'Issuing');
    if (
      failedIssuing?.reason === 'Failed' &&
      trueCondition(conditions, 'Ready') === undefined
    ) {
      return {
        status: 'Degraded',
        message: describeConditionWithType(failedIssuing),
      };
    }
    return conditionsHealth(object, {
      readinessTypes: ['Ready'],
      whenUnreported: `Waiting for cert-manager to process the ${object.kind}`,
    });
  },
};

function acmeHealth(object: KubernetesObject) {
  const state = readString(object, 'status.state');
  const status = state ? ACME_STATES[state] : undefined;
  if (!state || !status) {
    return {
      status: 'Progressing' as const,
      message: `Waiting for the ACME server to process the ${object.kind}`,
    };
  }
  const reason = readString(object, 'status.reason');
  return {
    status,
    message: `${object.kind} is ${state}${reason ? `: ${reason}` : ''}`,
  };
}
