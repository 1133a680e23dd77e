import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ingressHealth } from './ingressHealth';
import { serviceHealth } from './serviceHealth';

function service(
  type: string,
  status: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'payments-api', namespace: 'payments' },
    spec: {
      type,
      selector: { app: 'payments-api' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
    status,
  };
}

function ingress(status: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'payments-api', namespace: 'payments' },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host: 'payments.example.com' }],
    },
    status,
  };
}

describe('serviceHealth and ingressHealth', () => {
  it.each([
    [
      'a ClusterIP Service',
      serviceHealth,
      service('ClusterIP', { loadBalancer: {} }),
      { status: 'Healthy' },
    ],
    [
      'a LoadBalancer Service without an address',
      serviceHealth,
      service('LoadBalancer', { loadBalancer: {} }),
      {
        status: 'Progressing',
        message: 'Waiting for the load balancer to be assigned an address',
      },
    ],
    [
      'a LoadBalancer Service with an address',
      serviceHealth,
      service('LoadBalancer', {
        loadBalancer: {
          ingress: [{ hostname: 'a1b2c3.elb.eu-west-1.amazonaws.com' }],
        },
      }),
      {
        status: 'Healthy',
        message: 'Load balancer address: a1b2c3.elb.eu-west-1.amazonaws.com',
      },
    ],
    [
      'an Ingress without an address',
      ingressHealth,
      ingress({ loadBalancer: {} }),
      {
        status: 'Progressing',
        message: 'Waiting for the ingress controller to publish an address',
      },
    ],
    [
      'an Ingress the controller published',
      ingressHealth,
      ingress({ loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } }),
      { status: 'Healthy', message: 'Served at 203.0.113.10' },
    ],
    [
      'a LoadBalancer Service whose ingress points have no address yet',
      serviceHealth,
      service('LoadBalancer', {
        loadBalancer: { ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
      }),
      {
        status: 'Progressing',
        message: 'Waiting for the load balancer to be assigned an address',
      },
    ],
    [
      'an Ingress whose ingress points have no address yet',
      ingressHealth,
      ingress({ loadBalancer: { ingress: [{}] } }),
      {
        status: 'Progressing',
        message: 'Waiting for the ingress controller to publish an address',
      },
    ],
  ])('%s', (_, check, object, expected) => {
    expect(check.assess(object)).toEqual(expected);
  });
});
