import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readArray } from './readField';
import { describeLoadBalancerIngress } from './serviceHealth';
import { supportsKind } from './supportsKind';

/**
 * Ingress health, as Argo CD judges it: ready once the ingress controller has
 * published the address it serves the Ingress on (an entry with neither a
 * hostname nor an IP is not an address).
 */
export const ingressHealth: ResourceHealthCheck = {
  supports: supportsKind(['networking.k8s.io', 'extensions'], 'Ingress'),
  assess(object) {
    const addresses = describeLoadBalancerIngress(
      readArray(object, 'status.loadBalancer.ingress'),
    );
    if (!addresses) {
      return {
        status: 'Progressing',
        message: 'Waiting for the ingress controller to publish an address',
      };
    }
    return { status: 'Healthy', message: `Served at ${addresses}` };
  },
};
