import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readArray, readString } from './readField';
import { supportsKind } from './supportsKind';

/**
 * Service health: only a `LoadBalancer` Service has something to wait for,
 * the address its cloud load balancer publishes in `status.loadBalancer`.
 */
export const serviceHealth: ResourceHealthCheck = {
  supports: supportsKind([''], 'Service'),
  assess(object) {
    if (readString(object, 'spec.type') !== 'LoadBalancer') {
      return { status: 'Healthy' };
    }
    const addresses = describeLoadBalancerIngress(
      readArray(object, 'status.loadBalancer.ingress'),
    );
    // An ingress point without hostname or IP is not an address yet.
    if (!addresses) {
      return {
        status: 'Progressing',
        message: 'Waiting for the load balancer to be assigned an address',
      };
    }
    return {
      status: 'Healthy',
      message: `Load balancer address: ${addresses}`,
    };
  },
};

/** `hostname` or `ip` of each load-balancer ingress point, comma-separated. */
export function describeLoadBalancerIngress(ingress: unknown[]): string {
  return ingress
    .map(point => readString(point, 'hostname') ?? readString(point, 'ip'))
    .filter((address): address is string => Boolean(address))
    .join(', ');
}
