import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { podHealth } from './podHealth';

function pod(
  status: Record<string, unknown>,
  restartPolicy = 'Always',
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'payments-api-7d9c8b5f4-k8x2p', namespace: 'payments' },
    spec: {
      restartPolicy,
      containers: [{ name: 'api', image: 'ghcr.io/acme/payments:1.4.2' }],
    },
    status,
  };
}

const ready = (value: 'True' | 'False') => [
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: value },
  { type: 'ContainersReady', status: value },
  { type: 'PodScheduled', status: 'True' },
];

describe('podHealth', () => {
  it.each([
    [
      'a running, ready pod',
      pod({
        phase: 'Running',
        conditions: ready('True'),
        containerStatuses: [
          {
            name: 'api',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: '2025-05-02T10:00:00Z' } },
          },
        ],
      }),
      'Healthy',
      undefined,
    ],
    [
      'a container in CrashLoopBackOff',
      pod({
        phase: 'Running',
        conditions: ready('False'),
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 6,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message:
                  'back-off 5m0s restarting failed container=api pod=payments-api-7d9c8b5f4-k8x2p_payments',
              },
            },
            lastState: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      }),
      'Degraded',
      'container "api" is waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=api pod=payments-api-7d9c8b5f4-k8x2p_payments)',
    ],
    [
      'an image that cannot be pulled',
      pod({
        phase: 'Pending',
        conditions: ready('False'),
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 0,
            state: {
              waiting: {
                reason: 'ImagePullBackOff',
                message: 'Back-off pulling image "ghcr.io/acme/payments:1.4.3"',
              },
            },
          },
        ],
      }),
      'Degraded',
      'container "api" is waiting: ImagePullBackOff (Back-off pulling image "ghcr.io/acme/payments:1.4.3")',
    ],
    [
      'an init container whose config is broken',
      pod({
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            ready: false,
            restartCount: 0,
            state: {
              waiting: {
                reason: 'CreateContainerConfigError',
                message: 'secret "payments-db" not found',
              },
            },
          },
        ],
      }),
      'Degraded',
      'container "migrate" is waiting: CreateContainerConfigError (secret "payments-db" not found)',
    ],
    [
      'a pod that cannot be scheduled',
      pod({
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient memory.',
          },
        ],
      }),
      'Progressing',
      '0/3 nodes are available: 3 Insufficient memory.',
    ],
    [
      'a container that is creating',
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      }),
      'Progressing',
      undefined,
    ],
    [
      'a running pod not ready after restarts',
      pod({
        phase: 'Running',
        conditions: ready('False'),
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 2,
            state: { running: { startedAt: '2025-05-02T10:05:00Z' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      }),
      'Degraded',
      'container "api" is not ready after 2 restarts (last exit: OOMKilled, code 137)',
    ],
    [
      'a running pod whose readiness probe has not passed yet',
      pod({
        phase: 'Running',
        conditions: ready('False'),
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 0,
            state: { running: { startedAt: '2025-05-02T10:05:00Z' } },
          },
        ],
      }),
      'Progressing',
      'Waiting for containers to be ready: api',
    ],
    [
      'an evicted pod',
      pod({
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
      }),
      'Degraded',
      'The node was low on resource: memory.',
    ],
    [
      'a failed run-to-completion pod',
      pod(
        {
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'api',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 2, reason: 'Error' } },
            },
          ],
        },
        'Never',
      ),
      'Degraded',
      'container "api" failed with exit code 2',
    ],
    [
      'a run-to-completion pod that is still running',
      pod({ phase: 'Running', conditions: ready('True') }, 'OnFailure'),
      'Progressing',
      'Pod is running',
    ],
    [
      'a succeeded pod',
      pod({ phase: 'Succeeded' }, 'Never'),
      'Healthy',
      'Pod completed',
    ],
    [
      'a pod with a crash-looping container and restartPolicy Never',
      pod(
        {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'api',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ErrImagePull' } },
            },
          ],
        },
        'Never',
      ),
      'Progressing',
      undefined,
    ],
    [
      'a pod whose node stopped reporting',
      pod({ phase: 'Unknown' }),
      'Unknown',
      'Pod phase is Unknown',
    ],
  ])('%s is %s', (_, object, status, message) => {
    expect(podHealth.assess(object)).toEqual({ status, message });
  });
});
