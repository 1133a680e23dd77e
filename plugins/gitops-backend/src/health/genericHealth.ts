import { HealthStatus } from '@slipway/plugin-gitops-common';
import {
  HealthAssessment,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { conditionsHealth } from './conditionsHealth';
import { staleGeneration } from './observedGeneration';
import { readField, readString } from './readField';

/**
 * `status.phase` / `status.state` words and what they say, compared without
 * case, dashes or spaces. Words that name no clear state (`Unknown`, an
 * operator's own vocabulary) say nothing.
 */
const PHASES: ReadonlyMap<string, HealthStatus> = new Map(
  Object.entries({
    Healthy: [
      'healthy',
      'ready',
      'available',
      'active',
      'running',
      'bound',
      'established',
      'succeeded',
      'successful',
      'completed',
      'complete',
      'deployed',
      'synced',
      'online',
      'provisioned',
      'reconciled',
    ],
    Progressing: [
      'pending',
      'progressing',
      'creating',
      'provisioning',
      'initializing',
      'initialising',
      'reconciling',
      'updating',
      'upgrading',
      'deploying',
      'waiting',
      'inprogress',
      'starting',
      'scaling',
      'installing',
      'terminating',
      'deleting',
    ],
    Degraded: [
      'failed',
      'failure',
      'error',
      'errored',
      'degraded',
      'unhealthy',
      'invalid',
      'crashloopbackoff',
      'unavailable',
      'lost',
      'rejected',
    ],
    Suspended: ['paused', 'suspended', 'stopped', 'hibernated', 'hibernating'],
  }).flatMap(([status, words]) =>
    words.map(word => [word, status as HealthStatus] as const),
  ),
);

/**
 * Health of kinds no rule knows, from the conventions most controllers
 * follow, in this order: a stale `status.observedGeneration` is Progressing;
 * the `Stalled`, failure, `Reconciling`, `Ready` and `Available` conditions
 * (see {@link conditionsHealth}); `spec.suspend: true` is Suspended; a
 * `status.phase` or `status.state` of a known word, with the object's own
 * message. An object whose status follows none of them has no health, as in
 * Argo CD: it is left out of the application's health rather than called
 * Healthy on no evidence (a ConfigMap has nothing to wait for, and an
 * unknown custom resource's status cannot be read).
 */
export const genericHealth: ResourceHealthCheck = {
  supports: () => true,
  assess(object) {
    return (
      staleGeneration(object) ??
      conditionsHealth(object) ??
      suspended(object) ??
      phaseHealth(object)
    );
  },
};

function suspended(object: unknown): HealthAssessment | undefined {
  return readField(object, 'spec.suspend') === true
    ? { status: 'Suspended', message: 'Suspended (spec.suspend is true)' }
    : undefined;
}

function phaseHealth(object: unknown): HealthAssessment | undefined {
  for (const field of ['phase', 'state']) {
    const phase = readString(object, `status.${field}`);
    const status = phase
      ? PHASES.get(phase.toLowerCase().replace(/[\s_-]/g, ''))
      : undefined;
    if (phase && status) {
      const message =
        readString(object, 'status.message') ??
        readString(object, 'status.reason');
      return {
        status,
        message: message ? `${phase}: ${message}` : `${field} is ${phase}`,
      };
    }
  }
  return undefined;
}
