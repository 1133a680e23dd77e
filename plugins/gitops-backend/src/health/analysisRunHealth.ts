import { HealthStatus } from '@slipway/plugin-gitops-common';
import {
  HealthAssessment,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { readNumber, readString } from './readField';
import { supportsKind } from './supportsKind';

/**
 * The `AnalysisPhase` of Argo Rollouts (AnalysisRun, Experiment) and the
 * health it means. `Inconclusive` is Suspended: Argo Rollouts pauses the
 * rollout until a person promotes or aborts it.
 */
const ANALYSIS_PHASES: Record<string, HealthStatus> = {
  Pending: 'Progressing',
  Running: 'Progressing',
  Successful: 'Healthy',
  Failed: 'Degraded',
  Error: 'Degraded',
  Inconclusive: 'Suspended',
};

/** Health of an object whose `status.phase` is an Argo Rollouts `AnalysisPhase`. */
export function analysisPhaseHealth(
  object: unknown,
  noun: string,
  details?: string,
): HealthAssessment {
  const phase = readString(object, 'status.phase');
  const status = phase ? ANALYSIS_PHASES[phase] : undefined;
  if (!phase || !status) {
    return {
      status: 'Progressing',
      message: phase
        ? `${noun} is in phase ${phase}`
        : `Waiting for ${noun} to start: status has not been reconciled`,
    };
  }
  const message = readString(object, 'status.message');
  const words = [`${noun} is ${phase.toLowerCase()}`, message, details].filter(
    Boolean,
  );
  return { status, message: words.join(': ') };
}

/**
 * Argo Rollouts `AnalysisRun` health: Pending and Running are Progressing,
 * Successful is Healthy, Failed and Error are Degraded, Inconclusive is
 * Suspended (the rollout waits for a person). The message has the
 * controller's message and the measurement counts.
 */
export const analysisRunHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'AnalysisRun'),
  assess(object) {
    return analysisPhaseHealth(object, 'AnalysisRun', runSummary(object));
  },
};

function runSummary(object: unknown): string | undefined {
  const count = readNumber(object, 'status.runSummary.count');
  if (count === undefined) {
    return undefined;
  }
  const parts = [
    ['successful', readNumber(object, 'status.runSummary.successful')],
    ['failed', readNumber(object, 'status.runSummary.failed')],
    ['inconclusive', readNumber(object, 'status.runSummary.inconclusive')],
    ['errors', readNumber(object, 'status.runSummary.error')],
  ]
    .filter(([, value]) => value)
    .map(([name, value]) => `${value} ${name}`);
  return `${count} metrics${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
