import {
  HealthAssessment,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { isRecord, readArray, readField, readString } from './readField';
import { findCondition, readConditions } from './statusConditions';
import { supportsKind } from './supportsKind';

interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
  lastTerminated?: { reason?: string; exitCode?: number };
}

/**
 * Pod health. A container that waits for a reason meaning it cannot start
 * (`CrashLoopBackOff`, `ImagePullBackOff`, `ErrImagePull`,
 * `CreateContainerConfigError` …) makes a long-running pod Degraded at once
 * instead of leaving it Progressing until a deadline. Pods that run to
 * completion (`restartPolicy` `Never`/`OnFailure`) are judged by their phase
 * only, because a retry may still succeed.
 */
export const podHealth: ResourceHealthCheck = {
  supports: supportsKind([''], 'Pod'),
  assess(object) {
    const restartPolicy = readString(object, 'spec.restartPolicy') ?? 'Always';
    const statusMessage = readString(object, 'status.message');
    const containers = readContainerStatuses(
      object,
      'status.containerStatuses',
    );
    const initContainers = readContainerStatuses(
      object,
      'status.initContainerStatuses',
    );

    if (restartPolicy === 'Always') {
      const blocked = [...initContainers, ...containers].filter(
        container =>
          container.waiting?.reason !== undefined &&
          isFailedWaitingReason(container.waiting.reason),
      );
      if (blocked.length > 0) {
        return {
          status: 'Degraded',
          message: blocked.map(describeWaiting).join('; '),
        };
      }
    }

    const phase = readString(object, 'status.phase');
    switch (phase) {
      case 'Pending':
        return progressing(statusMessage ?? schedulingMessage(object));
      case 'Succeeded':
        return { status: 'Healthy', message: statusMessage ?? 'Pod completed' };
      case 'Failed':
        return {
          status: 'Degraded',
          message:
            statusMessage ??
            [...initContainers, ...containers]
              .map(describeFailure)
              .find((message): message is string => message !== undefined) ??
            'Pod failed',
        };
      case 'Running':
        if (restartPolicy !== 'Always') {
          // A run-to-completion pod is on its way until it succeeds or fails.
          return progressing(statusMessage ?? 'Pod is running');
        }
        return runningPodHealth(object, containers, statusMessage);
      default:
        return {
          status: 'Unknown',
          message: statusMessage ?? `Pod phase is ${phase ?? 'not reported'}`,
        };
    }
  },
};

/**
 * A long-running pod in phase Running: healthy when ready; Degraded when it
 * is not ready and a container has already terminated once (it crashed, was
 * OOM-killed or failed its liveness probe); otherwise still starting.
 */
function runningPodHealth(
  object: unknown,
  containers: ContainerStatus[],
  statusMessage: string | undefined,
): HealthAssessment {
  if (findCondition(readConditions(object), 'Ready')?.status === 'True') {
    return { status: 'Healthy', message: statusMessage };
  }
  const restarted = containers.find(
    container => container.lastTerminated !== undefined,
  );
  if (restarted) {
    return {
      status: 'Degraded',
      message: statusMessage ?? describeRestart(restarted),
    };
  }
  return progressing(statusMessage ?? notReadyMessage(containers));
}

function isFailedWaitingReason(reason: string): boolean {
  return (
    reason.startsWith('Err') ||
    reason.endsWith('Error') ||
    reason.endsWith('BackOff') ||
    reason === 'InvalidImageName'
  );
}

function progressing(message: string | undefined): HealthAssessment {
  return { status: 'Progressing', message };
}

function schedulingMessage(object: unknown): string | undefined {
  const scheduled = findCondition(readConditions(object), 'PodScheduled');
  if (scheduled?.status === 'False') {
    return scheduled.message ?? scheduled.reason;
  }
  return undefined;
}

function notReadyMessage(containers: ContainerStatus[]): string | undefined {
  const notReady = containers.filter(container => !container.ready);
  if (notReady.length === 0) {
    return undefined;
  }
  return `Waiting for containers to be ready: ${notReady
    .map(container => container.name)
    .join(', ')}`;
}

function describeWaiting(container: ContainerStatus): string {
  const { reason, message } = container.waiting ?? {};
  return `container "${container.name}" is waiting: ${reason}${
    message ? ` (${message})` : ''
  }`;
}

function describeRestart(container: ContainerStatus): string {
  const last = container.lastTerminated ?? {};
  return `container "${container.name}" is not ready after ${
    container.restartCount
  } restarts (last exit: ${last.reason ?? 'unknown'}, code ${
    last.exitCode ?? 'unknown'
  })`;
}

function describeFailure(container: ContainerStatus): string | undefined {
  const terminated = container.terminated;
  if (!terminated) {
    return undefined;
  }
  if (terminated.message) {
    return terminated.message;
  }
  if (terminated.reason === 'OOMKilled') {
    return `container "${container.name}" was OOMKilled`;
  }
  if (terminated.exitCode !== undefined && terminated.exitCode !== 0) {
    return `container "${container.name}" failed with exit code ${terminated.exitCode}`;
  }
  return undefined;
}

function readContainerStatuses(
  object: unknown,
  path: string,
): ContainerStatus[] {
  return readArray(object, path)
    .filter(isRecord)
    .map(entry => {
      const waiting = readField(entry, 'state.waiting');
      const terminated = readField(entry, 'state.terminated');
      const lastTerminated = readField(entry, 'lastState.terminated');
      return {
        name: typeof entry.name === 'string' ? entry.name : '(unnamed)',
        ready: entry.ready === true,
        restartCount:
          typeof entry.restartCount === 'number' ? entry.restartCount : 0,
        waiting: isRecord(waiting)
          ? {
              reason: readString(waiting, 'reason'),
              message: readString(waiting, 'message'),
            }
          : undefined,
        terminated: isRecord(terminated)
          ? {
              reason: readString(terminated, 'reason'),
              message: readString(terminated, 'message'),
              exitCode:
                typeof terminated.exitCode === 'number'
                  ? terminated.exitCode
                  : undefined,
            }
          : undefined,
        lastTerminated: isRecord(lastTerminated)
          ? {
              reason: readString(lastTerminated, 'reason'),
              exitCode:
                typeof lastTerminated.exitCode === 'number'
                  ? lastTerminated.exitCode
                  : undefined,
            }
          : undefined,
      };
    });
}
