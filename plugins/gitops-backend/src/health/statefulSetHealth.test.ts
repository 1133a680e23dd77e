import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { statefulSetHealth } from './statefulSetHealth';

function statefulSet(
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'ledger-db', namespace: 'payments', generation: 2 },
    spec: {
      replicas: 3,
      serviceName: 'ledger-db',
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      },
      ...spec,
    },
    status,
  };
}

describe('statefulSetHealth', () => {
  it.each([
    [
      'all pods ready at the current revision',
      statefulSet(
        {},
        {
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 3,
          currentReplicas: 3,
          updatedReplicas: 3,
          currentRevision: 'ledger-db-5c8f7d9b6',
          updateRevision: 'ledger-db-5c8f7d9b6',
        },
      ),
      'Healthy',
      'statefulset rolling update complete 3 pods at revision ledger-db-5c8f7d9b6...',
    ],
    [
      'a spec change not yet observed',
      statefulSet({}, { observedGeneration: 1, replicas: 3, readyReplicas: 3 }),
      'Progressing',
      'Waiting for statefulset spec update to be observed...',
    ],
    [
      'pods not ready',
      statefulSet({}, { observedGeneration: 2, replicas: 3, readyReplicas: 1 }),
      'Progressing',
      'Waiting for 2 pods to be ready...',
    ],
    [
      'a rolling update in flight',
      statefulSet(
        {},
        {
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 3,
          currentReplicas: 2,
          updatedReplicas: 1,
          currentRevision: 'ledger-db-5c8f7d9b6',
          updateRevision: 'ledger-db-7f6d8c5b4',
        },
      ),
      'Progressing',
      'waiting for statefulset rolling update to complete 1 pods at revision ledger-db-7f6d8c5b4...',
    ],
    [
      'a partitioned rollout still updating',
      statefulSet(
        {
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { partition: 1 },
          },
        },
        {
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 3,
          updatedReplicas: 1,
          currentRevision: 'ledger-db-5c8f7d9b6',
          updateRevision: 'ledger-db-7f6d8c5b4',
        },
      ),
      'Progressing',
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    ],
    [
      'a partitioned rollout done up to its partition',
      statefulSet(
        {
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { partition: 1 },
          },
        },
        {
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 3,
          updatedReplicas: 2,
          currentRevision: 'ledger-db-5c8f7d9b6',
          updateRevision: 'ledger-db-7f6d8c5b4',
        },
      ),
      'Healthy',
      'partitioned roll out complete: 2 new pods have been updated...',
    ],
    [
      'an OnDelete set with all pods ready',
      statefulSet(
        { updateStrategy: { type: 'OnDelete' } },
        {
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 3,
          currentRevision: 'ledger-db-5c8f7d9b6',
          updateRevision: 'ledger-db-7f6d8c5b4',
        },
      ),
      'Healthy',
      'statefulset has 3 ready pods',
    ],
  ])('%s is %s', (_, object, status, message) => {
    expect(statefulSetHealth.assess(object)).toEqual({ status, message });
  });
});
