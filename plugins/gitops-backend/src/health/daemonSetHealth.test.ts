import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { daemonSetHealth } from './daemonSetHealth';

function daemonSet(
  status: Record<string, unknown>,
  updateStrategy: Record<string, unknown> = {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  },
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'log-shipper',
      namespace: 'observability',
      generation: 3,
    },
    spec: { updateStrategy },
    status,
  };
}

describe('daemonSetHealth', () => {
  it.each([
    [
      'every node runs an updated, available pod',
      daemonSet({
        observedGeneration: 3,
        currentNumberScheduled: 4,
        desiredNumberScheduled: 4,
        numberReady: 4,
        numberAvailable: 4,
        updatedNumberScheduled: 4,
      }),
      'Healthy',
      'daemon set "log-shipper" successfully rolled out',
    ],
    [
      'a spec change not yet observed',
      daemonSet({ observedGeneration: 2, desiredNumberScheduled: 4 }),
      'Progressing',
      'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    ],
    [
      'nodes still running old pods',
      daemonSet({
        observedGeneration: 3,
        desiredNumberScheduled: 4,
        numberAvailable: 4,
        updatedNumberScheduled: 2,
      }),
      'Progressing',
      'Waiting for daemon set "log-shipper" rollout to finish: 2 out of 4 new pods have been updated...',
    ],
    [
      'updated pods not yet available',
      daemonSet({
        observedGeneration: 3,
        desiredNumberScheduled: 4,
        numberAvailable: 3,
        numberUnavailable: 1,
        updatedNumberScheduled: 4,
      }),
      'Progressing',
      'Waiting for daemon set "log-shipper" rollout to finish: 3 of 4 updated pods are available...',
    ],
    [
      'an OnDelete set with old pods',
      daemonSet(
        {
          observedGeneration: 3,
          desiredNumberScheduled: 4,
          numberAvailable: 4,
          updatedNumberScheduled: 1,
        },
        { type: 'OnDelete' },
      ),
      'Healthy',
      'daemon set 1 out of 4 new pods have been updated',
    ],
  ])('%s is %s', (_, object, status, message) => {
    expect(daemonSetHealth.assess(object)).toEqual({ status, message });
  });
});
