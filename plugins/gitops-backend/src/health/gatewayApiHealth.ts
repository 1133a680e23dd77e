import {
  HealthAssessment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { readArray, readNumber, readString } from './readField';
import {
  StatusCondition,
  describeConditionWithType,
  findCondition,
  parseConditions,
  readConditions,
} from './statusConditions';
import { supportsKind, supportsKinds } from './supportsKind';

const GROUP = ['gateway.networking.k8s.io'];

/** Reasons of a `False` that mean the controller has not finished (Gateway API `Pending`). */
const WAITING_REASONS = new Set(['Pending', 'Waiting']);

/**
 * Gateway API `GatewayClass` health: `Accepted: True` is Healthy; `False`
 * with reason `Pending`, `Unknown` or no condition (no controller has
 * picked the class up) is Progressing; any other `False`
 * (`InvalidParameters`, `UnsupportedVersion`) is Degraded.
 */
export const gatewayClassHealth: ResourceHealthCheck = {
  supports: supportsKind(GROUP, 'GatewayClass'),
  assess(object) {
    return (
      judge(object, readConditions(object), ['Accepted'], '') ?? {
        status: 'Healthy',
        message: 'GatewayClass is accepted by its controller',
      }
    );
  },
};

/**
 * Gateway API `Gateway` health, from its `Accepted` and `Programmed`
 * conditions and each listener's `Accepted`, `ResolvedRefs`, `Programmed`
 * and `Conflicted`: a condition written for an older generation, `Unknown`
 * (the API server's default) or `False` with reason `Pending` is
 * Progressing; any other `False` (`Invalid`, `NoResources`,
 * `AddressNotAssigned`, `InvalidCertificateRef`, `RefNotPermitted`) and
 * `Conflicted: True` are Degraded; both true on the Gateway and its
 * listeners is Healthy, with the addresses.
 */
export const gatewayHealth: ResourceHealthCheck = {
  supports: supportsKind(GROUP, 'Gateway'),
  assess(object) {
    const own = judge(
      object,
      readConditions(object),
      ['Accepted', 'Programmed'],
      '',
    );
    if (own && own.status !== 'Progressing') {
      return own;
    }
    for (const listener of readArray(object, 'status.listeners')) {
      const conditions = parseConditions(readArray(listener, 'conditions'));
      const label = `Listener ${readString(listener, 'name') ?? '?'}: `;
      const conflicted = conditions.find(
        condition =>
          condition.type === 'Conflicted' && condition.status === 'True',
      );
      if (conflicted) {
        return {
          status: 'Degraded',
          message: label + describeConditionWithType(conflicted),
        };
      }
      const verdict = judge(
        object,
        conditions,
        ['Accepted', 'ResolvedRefs', 'Programmed'],
        label,
        false,
      );
      if (verdict?.status === 'Degraded') {
        return verdict;
      }
    }
    if (own) {
      return own;
    }
    const addresses = readArray(object, 'status.addresses')
      .map(address => readString(address, 'value'))
      .filter(Boolean);
    return {
      status: 'Healthy',
      message: addresses.length
        ? `Gateway is programmed at ${addresses.join(', ')}`
        : 'Gateway is programmed',
    };
  },
};

/**
 * Gateway API route health (`HTTPRoute`, `GRPCRoute`, `TLSRoute`,
 * `TCPRoute`, `UDPRoute`) and policies that report per ancestor
 * (`BackendTLSPolicy`), per parent in `status.parents` (`status.ancestors`):
 * no parent has reported yet is Progressing (no Gateway has accepted the
 * route); a parent whose `Accepted` or `ResolvedRefs` is `False`
 * (`NotAllowedByListeners`, `NoMatchingListenerHostname`,
 * `BackendNotFound`, `RefNotPermitted`, `InvalidKind`) is Degraded, unless
 * the reason is `Pending`; conditions of an older generation and `Unknown`
 * are Progressing; every parent accepting the route is Healthy.
 */
export const gatewayRouteHealth: ResourceHealthCheck = {
  supports: supportsKinds(GROUP, [
    'HTTPRoute',
    'GRPCRoute',
    'TLSRoute',
    'TCPRoute',
    'UDPRoute',
    'BackendTLSPolicy',
  ]),
  assess(object) {
    const parents = [
      ...readArray(object, 'status.parents'),
      ...readArray(object, 'status.ancestors'),
    ];
    if (parents.length === 0) {
      return {
        status: 'Progressing',
        message: `Waiting for a Gateway to accept the ${object.kind}`,
      };
    }
    let waiting: HealthAssessment | undefined;
    const accepted: string[] = [];
    for (const parent of parents) {
      const name =
        readString(parent, 'parentRef.name') ??
        readString(parent, 'ancestorRef.name') ??
        '?';
      const conditions = parseConditions(readArray(parent, 'conditions'));
      const verdict = judge(
        object,
        conditions,
        ['Accepted', 'ResolvedRefs'],
        `Parent ${name}: `,
        false,
      );
      if (verdict?.status === 'Degraded') {
        return verdict;
      }
      if (verdict) {
        waiting ??= verdict;
      } else {
        accepted.push(name);
      }
    }
    return (
      waiting ?? {
        status: 'Healthy',
        message: `Accepted by ${accepted.join(', ')}`,
      }
    );
  },
};

/**
 * The verdict of the given conditions, all of which must be `True`:
 * Degraded for a `False` that is not waiting, Progressing for a missing
 * (when `required`), `Unknown`, waiting or stale one; `undefined` when all
 * are true and current.
 */
function judge(
  object: KubernetesObject,
  conditions: StatusCondition[],
  types: readonly string[],
  label: string,
  required = true,
): HealthAssessment | undefined {
  const generation = readNumber(object, 'metadata.generation');
  let progressing: HealthAssessment | undefined;
  for (const type of types) {
    const condition = findCondition(conditions, type);
    if (!condition) {
      if (required) {
        progressing ??= {
          status: 'Progressing',
          message: `${label}Waiting for the controller to report ${type}`,
        };
      }
      continue;
    }
    const stale =
      generation !== undefined &&
      condition.observedGeneration !== undefined &&
      condition.observedGeneration < generation;
    if (stale) {
      progressing ??= {
        status: 'Progressing',
        message: `${label}Waiting for the controller to observe generation ${generation} (${type} is for ${condition.observedGeneration})`,
      };
      continue;
    }
    if (condition.status === 'True') {
      continue;
    }
    if (
      condition.status === 'False' &&
      !WAITING_REASONS.has(condition.reason ?? '')
    ) {
      return {
        status: 'Degraded',
        message: label + describeConditionWithType(condition),
      };
    }
    progressing ??= {
      status: 'Progressing',
      message: label + describeConditionWithType(condition),
    };
  }
  return progressing;
}
