import { condition, liveObject } from './__testUtils__/liveObject';
import { genericHealth } from './genericHealth';

const database = (
  status?: Record<string, unknown>,
  spec?: Record<string, unknown>,
) => liveObject('example.com/v1', 'Database', { status, spec });

describe('genericHealth', () => {
  it.each([
    [
      'a ConfigMap (no status at all)',
      liveObject('v1', 'ConfigMap', {}),
      undefined,
    ],
    ['a custom resource without status', database(), undefined],
    [
      'a custom resource whose status follows no convention',
      database({
        lastBackup: '2026-12-01T00:00:00Z',
        conditions: [condition('BackupScheduled', 'True')],
      }),
      undefined,
    ],
    [
      'a custom resource whose generation is observed and nothing else',
      database({ observedGeneration: 3 }),
      undefined,
    ],
    [
      'Ready True',
      database({
        conditions: [
          condition(
            'Ready',
            'True',
            'Provisioned',
            'Primary and 2 replicas are up',
          ),
        ],
      }),
      { status: 'Healthy', message: 'Primary and 2 replicas are up' },
    ],
    [
      'Available True without a message',
      database({
        conditions: [
          condition('Available', 'True', 'MinimumReplicasAvailable'),
        ],
      }),
      { status: 'Healthy', message: 'MinimumReplicasAvailable' },
    ],
    [
      'Ready False with a failure reason',
      database({
        conditions: [
          condition(
            'Ready',
            'False',
            'QuotaExceeded',
            'storage quota exceeded',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Ready: QuotaExceeded: storage quota exceeded',
      },
    ],
    [
      'Ready False while it waits',
      database({
        conditions: [
          condition('Ready', 'False', 'Creating', 'creating the primary'),
        ],
      }),
      {
        status: 'Progressing',
        message: 'Ready: Creating: creating the primary',
      },
    ],
    [
      'Ready Unknown',
      database({ conditions: [condition('Ready', 'Unknown', 'Pending')] }),
      { status: 'Progressing', message: 'Ready: Pending' },
    ],
    [
      'Stalled True',
      database({
        conditions: [
          condition(
            'Stalled',
            'True',
            'InvalidSpec',
            'storageClass "fast" not found',
          ),
          condition('Ready', 'False'),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Stalled: InvalidSpec: storageClass "fast" not found',
      },
    ],
    [
      'a failure condition',
      database({
        conditions: [
          condition(
            'ProvisioningFailed',
            'True',
            'QuotaExceeded',
            'storage quota exceeded',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'ProvisioningFailed: QuotaExceeded: storage quota exceeded',
      },
    ],
    [
      'Reconciling True before it is ready',
      database({
        conditions: [
          condition('Reconciling', 'True', 'Progressing', 'resizing volumes'),
          condition('Ready', 'Unknown'),
        ],
      }),
      { status: 'Progressing', message: 'Progressing: resizing volumes' },
    ],
    [
      'Reconciling True while still ready',
      database({
        conditions: [
          condition('Reconciling', 'True', 'Progressing'),
          condition('Ready', 'True', 'Up', 'up'),
        ],
      }),
      { status: 'Healthy', message: 'up' },
    ],
    [
      'a stale observedGeneration',
      database({
        observedGeneration: 2,
        conditions: [condition('Ready', 'True')],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for the controller to observe generation 3 (observed 2)',
      },
    ],
    [
      'a Ready condition of an older generation',
      database({ conditions: [condition('Ready', 'True', 'Up', 'up', 2)] }),
      {
        status: 'Progressing',
        message:
          'Waiting for the controller to observe generation 3 (Ready is for 2)',
      },
    ],
    [
      'spec.suspend',
      database({}, { suspend: true }),
      { status: 'Suspended', message: 'Suspended (spec.suspend is true)' },
    ],
    [
      'phase Running',
      database({ phase: 'Running' }),
      { status: 'Healthy', message: 'phase is Running' },
    ],
    [
      'phase Failed with the object’s message',
      database({ phase: 'Failed', message: 'backup bucket unreachable' }),
      { status: 'Degraded', message: 'Failed: backup bucket unreachable' },
    ],
    [
      'state in-progress',
      database({ state: 'in-progress' }),
      { status: 'Progressing', message: 'state is in-progress' },
    ],
    [
      'state Paused',
      database({ state: 'Paused', reason: 'maintenance window' }),
      { status: 'Suspended', message: 'Paused: maintenance window' },
    ],
    ['a phase nobody defined', database({ phase: 'Blue' }), undefined],
    [
      'conditions before phase',
      database({
        phase: 'Running',
        conditions: [condition('Ready', 'False', 'DiskFull', 'disk full')],
      }),
      { status: 'Degraded', message: 'Ready: DiskFull: disk full' },
    ],
  ])('%s', (_, object, expected) => {
    expect(genericHealth.assess(object)).toEqual(expected);
  });
});
