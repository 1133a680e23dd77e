import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { cronJobHealth } from './cronJobHealth';
import { jobHealth } from './jobHealth';

function job(
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KubernetesObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'payments-migrate-42', namespace: 'payments' },
    spec: { completions: 1, parallelism: 1, backoffLimit: 6, ...spec },
    status,
  };
}

function cronJob(
  status: Record<string, unknown>,
  suspend = false,
): KubernetesObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'payments-reconcile', namespace: 'payments' },
    spec: { schedule: '*/15 * * * *', suspend, concurrencyPolicy: 'Forbid' },
    status,
  };
}

describe('jobHealth', () => {
  it.each([
    [
      'a completed job',
      job({
        startTime: '2025-05-02T10:00:00Z',
        completionTime: '2025-05-02T10:01:10Z',
        succeeded: 1,
        conditions: [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            reason: 'CompletionsReached',
          },
          {
            type: 'Complete',
            status: 'True',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
          },
        ],
      }),
      {
        status: 'Healthy',
        message: 'Reached expected number of succeeded pods',
      },
    ],
    [
      'a job past its backoff limit',
      job({
        failed: 7,
        conditions: [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: 'BackoffLimitExceeded',
          },
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'BackoffLimitExceeded: Job has reached the specified backoff limit',
      },
    ],
    [
      'a running job',
      job({ startTime: '2025-05-02T10:00:00Z', active: 1, failed: 1 }),
      {
        status: 'Progressing',
        message:
          'Waiting for job to complete: 1 active, 0 of 1 completions succeeded, 1 failed',
      },
    ],
    [
      'a suspended job',
      job(
        {
          conditions: [
            {
              type: 'Suspended',
              status: 'True',
              reason: 'JobSuspended',
              message: 'Job suspended',
            },
          ],
        },
        { suspend: true },
      ),
      { status: 'Suspended', message: 'Job is suspended' },
    ],
    [
      'a job that was resumed after a suspension',
      job({
        active: 1,
        conditions: [
          {
            type: 'Suspended',
            status: 'False',
            reason: 'JobResumed',
            message: 'Job resumed',
          },
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for job to complete: 1 active, 0 of 1 completions succeeded, 0 failed',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(jobHealth.assess(object)).toEqual(expected);
  });
});

describe('cronJobHealth', () => {
  it.each([
    [
      'a suspended CronJob',
      cronJob({ lastScheduleTime: '2025-05-02T10:00:00Z' }, true),
      { status: 'Suspended', message: 'CronJob is suspended' },
    ],
    [
      'a CronJob never scheduled',
      cronJob({}),
      { status: 'Healthy', message: 'CronJob has not been scheduled yet' },
    ],
    [
      'a CronJob whose last run succeeded',
      cronJob({
        lastScheduleTime: '2025-05-02T10:15:00Z',
        lastSuccessfulTime: '2025-05-02T10:15:42Z',
      }),
      {
        status: 'Healthy',
        message:
          'CronJob completed its last run successfully at 2025-05-02T10:15:42Z',
      },
    ],
    [
      'a CronJob whose last run failed',
      cronJob({
        lastScheduleTime: '2025-05-02T10:15:00Z',
        lastSuccessfulTime: '2025-05-02T10:00:40Z',
      }),
      {
        status: 'Degraded',
        message:
          "CronJob's last run (scheduled 2025-05-02T10:15:00Z) did not complete successfully; last success 2025-05-02T10:00:40Z",
      },
    ],
    [
      'a CronJob running a job',
      cronJob({
        active: [
          {
            kind: 'Job',
            name: 'payments-reconcile-29100915',
            namespace: 'payments',
          },
        ],
        lastScheduleTime: '2025-05-02T10:15:00Z',
        lastSuccessfulTime: '2025-05-02T10:00:40Z',
      }),
      { status: 'Healthy', message: 'CronJob is running a job' },
    ],
    [
      'a CronJob that never succeeded',
      cronJob({ lastScheduleTime: '2025-05-02T10:15:00Z' }),
      {
        status: 'Healthy',
        message: 'CronJob has not completed a run successfully yet',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(cronJobHealth.assess(object)).toEqual(expected);
  });
});
