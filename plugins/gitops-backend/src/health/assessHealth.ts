import {
  HealthAssessment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { builtInHealthChecks } from './builtInHealthChecks';
import { conditionsHealth } from './conditionsHealth';
import { readField } from './readField';

/**
 * The health of one live object: the first check that supports its kind
 * decides; a kind no check supports is judged by its status conditions, and
 * is Healthy without any. An object being deleted is Progressing whatever its
 * kind, because it is on its way out. A check that throws yields `Unknown`
 * with the reason, so one malformed object cannot hide the others' health.
 */
export function assessHealth(
  object: KubernetesObject,
  checks: readonly ResourceHealthCheck[] = builtInHealthChecks,
): HealthAssessment {
  if (readField(object, 'metadata.deletionTimestamp') !== undefined) {
    return { status: 'Progressing', message: 'Pending deletion' };
  }
  const check =
    checks.find(candidate => candidate.supports(object)) ?? conditionsHealth;
  try {
    return check.assess(object);
  } catch (error) {
    return {
      status: 'Unknown',
      message: `Health check of ${object.kind} "${
        object.metadata.name
      }" failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
