import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { persistentVolumeClaimHealth } from './persistentVolumeClaimHealth';

function claim(
  phase: string | undefined,
  volumeName?: string,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-ledger-db-0', namespace: 'payments' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'standard',
      ...(volumeName ? { volumeName } : {}),
    },
    status: phase ? { phase } : {},
  };
}

describe('persistentVolumeClaimHealth', () => {
  it.each([
    [
      'a bound claim',
      claim('Bound', 'pvc-0b6f3f1e'),
      { status: 'Healthy', message: 'Bound to volume pvc-0b6f3f1e' },
    ],
    [
      'a pending claim',
      claim('Pending'),
      {
        status: 'Progressing',
        message: 'Waiting for a volume to be provisioned and bound',
      },
    ],
    [
      'a claim whose volume is lost',
      claim('Lost', 'pvc-0b6f3f1e'),
      {
        status: 'Degraded',
        message: 'The bound volume pvc-0b6f3f1e no longer exists',
      },
    ],
    [
      'a claim without a phase',
      claim(undefined),
      { status: 'Unknown', message: 'Unexpected claim phase: not reported' },
    ],
  ])('%s', (_, object, expected) => {
    expect(persistentVolumeClaimHealth.assess(object)).toEqual(expected);
  });
});
