import { condition, liveObject } from './__testUtils__/liveObject';
import {
  gatewayClassHealth,
  gatewayHealth,
  gatewayRouteHealth,
} from './gatewayApiHealth';

const API = 'gateway.networking.k8s.io/v1';
const gatewayClass = (status?: Record<string, unknown>) =>
  liveObject(API, 'GatewayClass', { status });
const gateway = (status?: Record<string, unknown>) =>
  liveObject(API, 'Gateway', { status });
const route = (status?: Record<string, unknown>, kind = 'HTTPRoute') =>
  liveObject(API, kind, { status });

const pending = [
  condition('Accepted', 'Unknown', 'Pending', 'Waiting for controller', 3),
  condition('Programmed', 'Unknown', 'Pending', 'Waiting for controller', 3),
];

const listener = (name: string, ...conditions: Record<string, unknown>[]) => ({
  name,
  attachedRoutes: 1,
  conditions,
});

const parent = (name: string, ...conditions: Record<string, unknown>[]) => ({
  parentRef: { name, namespace: 'infra' },
  controllerName: 'example.com/gateway-controller',
  conditions,
});

describe('gatewayClassHealth', () => {
  it.each([
    [
      'no controller yet',
      gatewayClass(),
      {
        status: 'Progressing',
        message: 'Waiting for the controller to report Accepted',
      },
    ],
    [
      'pending',
      gatewayClass({
        conditions: [
          condition('Accepted', 'Unknown', 'Pending', 'Waiting for controller'),
        ],
      }),
      {
        status: 'Progressing',
        message: 'Accepted: Pending: Waiting for controller',
      },
    ],
    [
      'accepted',
      gatewayClass({
        conditions: [
          condition('Accepted', 'True', 'Accepted', 'Valid GatewayClass', 3),
        ],
      }),
      {
        status: 'Healthy',
        message: 'GatewayClass is accepted by its controller',
      },
    ],
    [
      'invalid parameters',
      gatewayClass({
        conditions: [
          condition(
            'Accepted',
            'False',
            'InvalidParameters',
            'parametersRef not found',
            3,
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Accepted: InvalidParameters: parametersRef not found',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(gatewayClassHealth.assess(object)).toEqual(expected);
  });
});

describe('gatewayHealth', () => {
  it.each([
    [
      'no status',
      gateway(),
      {
        status: 'Progressing',
        message: 'Waiting for the controller to report Accepted',
      },
    ],
    [
      'the API server’s default status',
      gateway({ conditions: pending }),
      {
        status: 'Progressing',
        message: 'Accepted: Pending: Waiting for controller',
      },
    ],
    [
      'programmed',
      gateway({
        addresses: [{ type: 'IPAddress', value: '203.0.113.10' }],
        conditions: [
          condition('Accepted', 'True', 'Accepted', '', 3),
          condition('Programmed', 'True', 'Programmed', '', 3),
        ],
        listeners: [
          listener(
            'https',
            condition('Accepted', 'True', 'Accepted'),
            condition('ResolvedRefs', 'True', 'ResolvedRefs'),
            condition('Programmed', 'True', 'Programmed'),
            condition('Conflicted', 'False', 'NoConflicts'),
          ),
        ],
      }),
      { status: 'Healthy', message: 'Gateway is programmed at 203.0.113.10' },
    ],
    [
      'programmed for an older generation',
      gateway({
        conditions: [
          condition('Accepted', 'True', 'Accepted', '', 2),
          condition('Programmed', 'True', 'Programmed', '', 2),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for the controller to observe generation 3 (Accepted is for 2)',
      },
    ],
    [
      'no address',
      gateway({
        conditions: [
          condition('Accepted', 'True', 'Accepted', '', 3),
          condition(
            'Programmed',
            'False',
            'AddressNotAssigned',
            'No addresses have been assigned to the Gateway',
            3,
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Programmed: AddressNotAssigned: No addresses have been assigned to the Gateway',
      },
    ],
    [
      'not accepted',
      gateway({
        conditions: [
          condition(
            'Accepted',
            'False',
            'UnsupportedAddress',
            'Hostname addresses are not supported',
            3,
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Accepted: UnsupportedAddress: Hostname addresses are not supported',
      },
    ],
    [
      'a listener with a bad certificate',
      gateway({
        conditions: [
          condition('Accepted', 'True', 'ListenersNotValid', '', 3),
          condition('Programmed', 'True', 'Programmed', '', 3),
        ],
        listeners: [
          listener(
            'https',
            condition('Accepted', 'True'),
            condition(
              'ResolvedRefs',
              'False',
              'InvalidCertificateRef',
              'Secret infra/tls not found',
            ),
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Listener https: ResolvedRefs: InvalidCertificateRef: Secret infra/tls not found',
      },
    ],
    [
      'conflicting listeners',
      gateway({
        conditions: [
          condition('Accepted', 'True'),
          condition('Programmed', 'True'),
        ],
        listeners: [
          listener(
            'http',
            condition(
              'Conflicted',
              'True',
              'HostnameConflict',
              'two listeners use port 80 with the same hostname',
            ),
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Listener http: Conflicted: HostnameConflict: two listeners use port 80 with the same hostname',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(gatewayHealth.assess(object)).toEqual(expected);
  });
});

describe('gatewayRouteHealth', () => {
  it.each([
    [
      'no parent yet',
      route(),
      {
        status: 'Progressing',
        message: 'Waiting for a Gateway to accept the HTTPRoute',
      },
    ],
    [
      'accepted by its gateways',
      route({
        parents: [
          parent(
            'public',
            condition('Accepted', 'True', 'Accepted', 'Route accepted', 3),
            condition('ResolvedRefs', 'True', 'ResolvedRefs', '', 3),
          ),
          parent(
            'internal',
            condition('Accepted', 'True', 'Accepted', '', 3),
            condition('ResolvedRefs', 'True', 'ResolvedRefs', '', 3),
          ),
        ],
      }),
      { status: 'Healthy', message: 'Accepted by public, internal' },
    ],
    [
      'a backend that does not exist',
      route({
        parents: [
          parent(
            'public',
            condition('Accepted', 'True', 'Accepted', '', 3),
            condition(
              'ResolvedRefs',
              'False',
              'BackendNotFound',
              'Service payments/api not found',
              3,
            ),
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Parent public: ResolvedRefs: BackendNotFound: Service payments/api not found',
      },
    ],
    [
      'refused by one of two gateways',
      route({
        parents: [
          parent(
            'public',
            condition('Accepted', 'True'),
            condition('ResolvedRefs', 'True'),
          ),
          parent(
            'internal',
            condition(
              'Accepted',
              'False',
              'NotAllowedByListeners',
              'No listener allows routes from namespace payments',
            ),
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Parent internal: Accepted: NotAllowedByListeners: No listener allows routes from namespace payments',
      },
    ],
    [
      'accepted for an older generation',
      route({
        parents: [
          parent(
            'public',
            condition('Accepted', 'True', 'Accepted', '', 2),
            condition('ResolvedRefs', 'True', 'ResolvedRefs', '', 2),
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Parent public: Waiting for the controller to observe generation 3 (Accepted is for 2)',
      },
    ],
    [
      'pending',
      route({
        parents: [
          parent(
            'public',
            condition(
              'Accepted',
              'False',
              'Pending',
              'Waiting for the Gateway to be programmed',
            ),
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Parent public: Accepted: Pending: Waiting for the Gateway to be programmed',
      },
    ],
    [
      'a GRPCRoute refused',
      route(
        {
          parents: [
            parent(
              'grpc',
              condition(
                'Accepted',
                'False',
                'NoMatchingListenerHostname',
                'no hostname matches',
              ),
            ),
          ],
        },
        'GRPCRoute',
      ),
      {
        status: 'Degraded',
        message:
          'Parent grpc: Accepted: NoMatchingListenerHostname: no hostname matches',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(gatewayRouteHealth.assess(object)).toEqual(expected);
  });
});
