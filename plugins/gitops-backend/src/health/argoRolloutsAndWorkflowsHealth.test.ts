import { analysisRunHealth } from './analysisRunHealth';
import { argoCdApplicationHealth } from './argoCdApplicationHealth';
import { condition, liveObject } from './__testUtils__/liveObject';
import { experimentHealth } from './experimentHealth';
import { cronWorkflowHealth, workflowHealth } from './workflowHealth';

const analysisRun = (status?: Record<string, unknown>) =>
  liveObject('argoproj.io/v1alpha1', 'AnalysisRun', { status });
const experiment = (status?: Record<string, unknown>) =>
  liveObject('argoproj.io/v1alpha1', 'Experiment', { status });
const workflow = (
  status?: Record<string, unknown>,
  spec?: Record<string, unknown>,
) => liveObject('argoproj.io/v1alpha1', 'Workflow', { status, spec });
const cronWorkflow = (
  status?: Record<string, unknown>,
  spec?: Record<string, unknown>,
) => liveObject('argoproj.io/v1alpha1', 'CronWorkflow', { status, spec });

describe('analysisRunHealth', () => {
  it.each([
    [
      analysisRun(),
      {
        status: 'Progressing',
        message:
          'Waiting for AnalysisRun to start: status has not been reconciled',
      },
    ],
    [
      analysisRun({ phase: 'Pending' }),
      { status: 'Progressing', message: 'AnalysisRun is pending' },
    ],
    [
      analysisRun({
        phase: 'Running',
        runSummary: { count: 2, successful: 1 },
      }),
      {
        status: 'Progressing',
        message: 'AnalysisRun is running: 2 metrics (1 successful)',
      },
    ],
    [
      analysisRun({
        phase: 'Successful',
        message: 'Metric assessed Successful',
      }),
      {
        status: 'Healthy',
        message: 'AnalysisRun is successful: Metric assessed Successful',
      },
    ],
    [
      analysisRun({
        phase: 'Failed',
        message:
          'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)',
        runSummary: { count: 1, failed: 1 },
      }),
      {
        status: 'Degraded',
        message:
          'AnalysisRun is failed: Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2): 1 metrics (1 failed)',
      },
    ],
    [
      analysisRun({
        phase: 'Error',
        message:
          'Metric "latency" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)',
      }),
      {
        status: 'Degraded',
        message:
          'AnalysisRun is error: Metric "latency" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)',
      },
    ],
    [
      analysisRun({
        phase: 'Inconclusive',
        runSummary: { count: 1, inconclusive: 1 },
      }),
      {
        status: 'Suspended',
        message: 'AnalysisRun is inconclusive: 1 metrics (1 inconclusive)',
      },
    ],
  ])('%#: %j', (object, expected) => {
    expect(analysisRunHealth.assess(object)).toEqual(expected);
  });
});

describe('experimentHealth', () => {
  it.each([
    [experiment(), 'Progressing'],
    [experiment({ phase: 'Running' }), 'Progressing'],
    [experiment({ phase: 'Successful' }), 'Healthy'],
    [
      experiment({ phase: 'Failed', message: 'ReplicaSet "canary" failed' }),
      'Degraded',
    ],
    [experiment({ phase: 'Error' }), 'Degraded'],
    [experiment({ phase: 'Inconclusive' }), 'Suspended'],
  ])('%#: %j is %s', (object, status) => {
    expect(experimentHealth.assess(object)?.status).toBe(status);
  });

  it('keeps the controller’s message', () => {
    expect(
      experimentHealth.assess(
        experiment({ phase: 'Failed', message: 'ReplicaSet "canary" failed' }),
      ),
    ).toEqual({
      status: 'Degraded',
      message: 'Experiment is failed: ReplicaSet "canary" failed',
    });
  });
});

describe('workflowHealth', () => {
  it.each([
    [
      workflow(),
      {
        status: 'Progressing',
        message: 'Waiting for the workflow controller to start the workflow',
      },
    ],
    [
      workflow({ phase: 'Pending' }),
      { status: 'Progressing', message: 'Workflow pending' },
    ],
    [
      workflow({ phase: 'Running' }),
      { status: 'Progressing', message: 'Workflow running' },
    ],
    [
      workflow({ phase: 'Succeeded' }),
      { status: 'Healthy', message: 'Workflow succeeded' },
    ],
    [
      workflow({ phase: 'Failed', message: 'child "build" failed' }),
      { status: 'Degraded', message: 'Workflow failed: child "build" failed' },
    ],
    [
      workflow({ phase: 'Error', message: 'pod deleted' }),
      { status: 'Degraded', message: 'Workflow error: pod deleted' },
    ],
    [
      workflow({ phase: 'Running' }, { suspend: true }),
      { status: 'Suspended', message: 'Workflow is suspended' },
    ],
  ])('%#: %j', (object, expected) => {
    expect(workflowHealth.assess(object)).toEqual(expected);
  });
});

describe('cronWorkflowHealth', () => {
  it.each([
    [
      cronWorkflow({}, { suspend: true }),
      { status: 'Suspended', message: 'CronWorkflow is suspended' },
    ],
    [
      cronWorkflow({
        conditions: [
          condition(
            'SpecError',
            'True',
            undefined,
            'cron schedule "61 * * * *" is malformed',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'SpecError: cron schedule "61 * * * *" is malformed',
      },
    ],
    [
      cronWorkflow({
        conditions: [
          condition(
            'SubmissionError',
            'True',
            undefined,
            'workflowtemplates "build" not found',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'SubmissionError: workflowtemplates "build" not found',
      },
    ],
    [
      cronWorkflow({ phase: 'Stopped' }),
      {
        status: 'Suspended',
        message: 'CronWorkflow was stopped by its stop strategy',
      },
    ],
    [
      cronWorkflow(),
      {
        status: 'Healthy',
        message: 'CronWorkflow has not submitted a workflow yet',
      },
    ],
    [
      cronWorkflow({ lastScheduledTime: '2026-12-01T03:00:00Z' }),
      {
        status: 'Healthy',
        message:
          'CronWorkflow last submitted a workflow at 2026-12-01T03:00:00Z',
      },
    ],
  ])('%#: %j', (object, expected) => {
    expect(cronWorkflowHealth.assess(object)).toEqual(expected);
  });
});

describe('argoCdApplicationHealth', () => {
  const application = (health?: Record<string, unknown>) =>
    liveObject('argoproj.io/v1alpha1', 'Application', {
      status: { sync: { status: 'Synced' }, ...(health ? { health } : {}) },
    });
  it.each([
    [
      application({ status: 'Healthy' }),
      { status: 'Healthy', message: 'Argo CD reports the application Healthy' },
    ],
    [
      application({
        status: 'Degraded',
        message: 'Deployment payments/api exceeded its progress deadline',
      }),
      {
        status: 'Degraded',
        message: 'Deployment payments/api exceeded its progress deadline',
      },
    ],
    [
      application({ status: 'Progressing' }),
      {
        status: 'Progressing',
        message: 'Argo CD reports the application Progressing',
      },
    ],
    [
      application({ status: 'Suspended' }),
      {
        status: 'Suspended',
        message: 'Argo CD reports the application Suspended',
      },
    ],
    [application({ status: 'Missing' }), undefined],
    [application({ status: 'Unknown' }), undefined],
    [application(), undefined],
  ])('%#: %j', (object, expected) => {
    expect(argoCdApplicationHealth.assess(object)).toEqual(expected);
  });
});
