import { HealthStatus } from '@slipway/plugin-gitops-common';
import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { builtInHealthChecks } from './builtInHealthChecks';
import { genericHealth } from './genericHealth';
import { NoHealthError } from './NoHealthError';
import { readArray, readField } from './readField';

/**
 * The health of one object. `status` is absent when the object has no health
 * (a ConfigMap, a custom resource whose status says nothing readable, a
 * health script that failed): it is shown with the message, if any, and left
 * out of the application's health.
 */
export interface ResourceHealthResult {
  status?: HealthStatus;
  message?: string;
}

/**
 * The health of one live object: the first check that supports its kind
 * decides; a kind no check supports is judged by {@link genericHealth}, which
 * gives no health unless the status follows a common convention. An object
 * being deleted is Progressing whatever its kind, because it is on its way
 * out. A check that throws yields `Unknown` with the reason, so one malformed
 * object cannot hide the others' health; a check that throws
 * {@link NoHealthError} (a health script stopped at its limits) yields no
 * health with the reason.
 */
export function assessHealth(
  object: KubernetesObject,
  checks: readonly ResourceHealthCheck[] = builtInHealthChecks,
): ResourceHealthResult {
  if (readField(object, 'metadata.deletionTimestamp') !== undefined) {
    const finalizers = readArray(object, 'metadata.finalizers').filter(
      (finalizer): finalizer is string => typeof finalizer === 'string',
    );
    return {
      status: 'Progressing',
      message:
        finalizers.length > 0
          ? `Pending deletion; blocked by finalizers: ${finalizers.join(', ')}`
          : 'Pending deletion',
    };
  }
  const check =
    checks.find(candidate => candidate.supports(object)) ?? genericHealth;
  try {
    return check.assess(object) ?? {};
  } catch (error) {
    if (error instanceof NoHealthError) {
      return { message: error.message };
    }
    return {
      status: 'Unknown',
      message: `Health check of ${object.kind} "${
        object.metadata.name
      }" failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
