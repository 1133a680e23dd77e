import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { commitUrl } from './commitUrl';
import { httpUrl } from './httpUrl';

/** Where a step of an operation's progress stands. */
export type StepState = 'done' | 'active' | 'waiting' | 'failed';

/** One step from "queued" to "healthy". */
export interface ProgressStep {
  id: 'queued' | 'committed' | 'merged' | 'synced' | 'healthy';
  label: string;
  state: StepState;
  /** A short explanation, e.g. the failure message or the current status. */
  detail?: string;
  /** The commit or pull request the step produced (http(s) only). */
  link?: { href: string; text: string };
}

/**
 * - `running`: something is expected to happen soon (poll fast);
 * - `awaiting-merge`: a person has to merge the pull request (poll slowly);
 * - `done`: the environment runs the change, Synced and Healthy;
 * - `failed`: the operation failed.
 */
export type ProgressPhase = 'running' | 'awaiting-merge' | 'done' | 'failed';

export interface OperationProgressModel {
  steps: ProgressStep[];
  phase: ProgressPhase;
}

/**
 * Whether the environment's stored status already reflects what the
 * operation wrote. The status revision is the tracked branch's head, so it
 * equals the operation's commit only until the next commit lands, and never
 * for a merged pull request (the merge makes a new commit); the declared
 * version catches both, when the operation changed the version.
 */
export function hasCaughtUp(
  operation: Operation,
  environment: EnvironmentStatus | undefined,
): boolean {
  if (!environment || operation.state !== 'succeeded') {
    return false;
  }
  if (operation.revision && environment.revision === operation.revision) {
    return true;
  }
  return (
    operation.toVersion !== undefined &&
    operation.toVersion !== operation.fromVersion &&
    environment.version === operation.toVersion
  );
}

/**
 * The steps of an operation started from the tab: the operation's own states
 * (queued, commit pushed or pull request opened, failed) followed by what the
 * environment's status says about it (merged, synced, healthy).
 */
export function operationProgress(
  operation: Operation,
  environment: EnvironmentStatus | undefined,
  configRepoUrl: string,
): OperationProgressModel {
  // A sync writes nothing to Git, so it never goes through a pull request.
  const isSync = operation.kind === 'sync';
  const viaPullRequest =
    Boolean(operation.pullRequestUrl) ||
    (!isSync && environment?.changes === 'pull-request');
  const failedBeforeStart =
    operation.state === 'failed' && !operation.startedAt;
  const failedWhileRunning =
    operation.state === 'failed' && Boolean(operation.startedAt);

  const queued: ProgressStep = {
    id: 'queued',
    label: 'Queued',
    state: stepState({
      done: operation.state !== 'queued' && !failedBeforeStart,
      failed: failedBeforeStart,
      active: operation.state === 'queued',
    }),
    detail: failedBeforeStart ? operation.message : undefined,
  };

  const pullRequestLink = httpUrl(operation.pullRequestUrl);
  const revisionLink = operation.revision
    ? commitUrl(configRepoUrl, operation.revision)
    : undefined;
  let link: ProgressStep['link'];
  if (viaPullRequest && pullRequestLink) {
    link = { href: pullRequestLink, text: 'pull request' };
  } else if (revisionLink && operation.revision) {
    link = { href: revisionLink, text: operation.revision.slice(0, 7) };
  }
  const committed: ProgressStep = {
    id: 'committed',
    label: committedLabel(isSync, viaPullRequest),
    state: stepState({
      done: operation.state === 'succeeded',
      failed: failedWhileRunning,
      active: operation.state === 'running',
    }),
    detail: failedWhileRunning ? operation.message : undefined,
    link,
  };

  const caughtUp = hasCaughtUp(operation, environment);
  const steps: ProgressStep[] = [queued, committed];
  if (viaPullRequest) {
    steps.push({
      id: 'merged',
      label: 'Pull request merged',
      state: stepState({
        done: caughtUp,
        active: committed.state === 'done',
      }),
    });
  }

  const synced = caughtUp && environment?.syncStatus === 'Synced';
  const waitingForSync =
    committed.state === 'done' && (caughtUp || !viaPullRequest);
  steps.push({
    id: 'synced',
    label: 'Synced',
    state: stepState({ done: synced, active: waitingForSync }),
    detail:
      waitingForSync && !synced && environment && caughtUp
        ? `now ${environment.syncStatus}`
        : undefined,
  });

  const health = environment?.health;
  steps.push({
    id: 'healthy',
    label: 'Healthy',
    state: stepState({
      done: synced && health === 'Healthy',
      failed: synced && health === 'Degraded',
      active: synced,
    }),
    detail: synced && health !== 'Healthy' ? `now ${health}` : undefined,
  });

  let phase: ProgressPhase = 'running';
  if (operation.state === 'failed') {
    phase = 'failed';
  } else if (synced && health === 'Healthy') {
    phase = 'done';
  } else if (viaPullRequest && operation.state === 'succeeded' && !caughtUp) {
    phase = 'awaiting-merge';
  }
  return { steps, phase };
}

function committedLabel(isSync: boolean, viaPullRequest: boolean): string {
  if (isSync) {
    return 'Applied to the cluster';
  }
  return viaPullRequest ? 'Pull request opened' : 'Commit pushed';
}

function stepState(flags: {
  done: boolean;
  failed?: boolean;
  active: boolean;
}): StepState {
  if (flags.failed) {
    return 'failed';
  }
  if (flags.done) {
    return 'done';
  }
  return flags.active ? 'active' : 'waiting';
}
