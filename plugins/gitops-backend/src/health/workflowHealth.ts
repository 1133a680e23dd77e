import { HealthStatus } from '@slipway/plugin-gitops-common';
import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readField, readString } from './readField';
import { readConditions } from './statusConditions';
import { supportsKind } from './supportsKind';

/** `status.phase` of an Argo Workflows `Workflow` and the health it means. */
const WORKFLOW_PHASES: Record<string, HealthStatus> = {
  Pending: 'Progressing',
  Running: 'Progressing',
  Succeeded: 'Healthy',
  Failed: 'Degraded',
  Error: 'Degraded',
};

/**
 * Argo Workflows `Workflow` health: suspended when `spec.suspend`; Pending
 * and Running are Progressing, Succeeded is Healthy, Failed and Error are
 * Degraded, with the controller's message.
 */
export const workflowHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'Workflow'),
  assess(object) {
    if (readField(object, 'spec.suspend') === true) {
      return { status: 'Suspended', message: 'Workflow is suspended' };
    }
    const phase = readString(object, 'status.phase');
    const status = phase ? WORKFLOW_PHASES[phase] : undefined;
    if (!phase || !status) {
      return {
        status: 'Progressing',
        message: 'Waiting for the workflow controller to start the workflow',
      };
    }
    const message = readString(object, 'status.message');
    return {
      status,
      message: `Workflow ${phase.toLowerCase()}${
        message ? `: ${message}` : ''
      }`,
    };
  },
};

/**
 * Argo Workflows `CronWorkflow` health: Suspended when `spec.suspend` (left
 * out of the application's health like a suspended CronJob), Degraded when
 * its `SpecError` or `SubmissionError` condition is true, Suspended once its
 * stop strategy stopped it (`status.phase: Stopped`), Healthy otherwise.
 */
export const cronWorkflowHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'CronWorkflow'),
  assess(object) {
    if (readField(object, 'spec.suspend') === true) {
      return { status: 'Suspended', message: 'CronWorkflow is suspended' };
    }
    const error = readConditions(object).find(
      condition =>
        (condition.type === 'SpecError' ||
          condition.type === 'SubmissionError') &&
        condition.status === 'True',
    );
    if (error) {
      return {
        status: 'Degraded',
        message: `${error.type}: ${error.message ?? error.reason ?? ''}`.trim(),
      };
    }
    if (readString(object, 'status.phase') === 'Stopped') {
      return {
        status: 'Suspended',
        message: 'CronWorkflow was stopped by its stop strategy',
      };
    }
    const last = readString(object, 'status.lastScheduledTime');
    return {
      status: 'Healthy',
      message: last
        ? `CronWorkflow last submitted a workflow at ${last}`
        : 'CronWorkflow has not submitted a workflow yet',
    };
  },
};
