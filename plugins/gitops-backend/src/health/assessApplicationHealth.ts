import { HealthStatus, worstHealth } from '@slipway/plugin-gitops-common';
import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';
import { ResourceHealthResult, assessHealth } from './assessHealth';
import { builtInHealthChecks } from './builtInHealthChecks';

/** Annotations that make an object a sync hook (Argo CD's and Helm's). */
const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/**
 * Kinds that run on a schedule: suspending one pauses the schedule, not the
 * application, so its Suspended is shown on the resource but counts as
 * Healthy for the application (argo-cd #19126, #24428).
 */
const SCHEDULES = new Set(['batch/CronJob', 'argoproj.io/CronWorkflow']);

/**
 * One resource of an application: what Git declares and what the cluster
 * has. Either side may be absent (not deployed yet, or no longer declared).
 */
export interface ApplicationResource {
  desired?: KubernetesObject;
  live?: KubernetesObject;
}

/** The health of one resource, named so a reader can find it. */
export interface ResourceHealth extends ResourceHealthResult {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ApplicationHealth {
  /** See {@link applicationHealthOf}. */
  status: HealthStatus;
  resources: ResourceHealth[];
}

/** One resource's part in its application's health. */
export interface HealthContribution {
  group: string;
  kind: string;
  /** Absent for a resource without health. */
  health?: HealthStatus;
}

/**
 * The health of one resource: its live object's health, `Missing` when Git
 * declares it and the cluster does not have it, and no health for a missing
 * sync hook (hooks exist only while a sync runs them).
 */
export function assessResourceHealth(
  { desired, live }: ApplicationResource,
  checks: readonly ResourceHealthCheck[] = builtInHealthChecks,
): ResourceHealthResult {
  if (live) {
    return assessHealth(live, checks);
  }
  if (desired && isHook(desired)) {
    return { message: 'Sync hook: exists only while a sync runs it' };
  }
  return {
    status: 'Missing',
    message: 'Declared in Git, absent from the cluster',
  };
}

/**
 * An application's health: the worst of its resources' health (`Healthy`
 * for none). Resources without health are left out, and a suspended
 * CronJob or CronWorkflow counts as Healthy, as in Argo CD.
 */
export function applicationHealthOf(
  resources: Iterable<HealthContribution>,
): HealthStatus {
  const states: HealthStatus[] = [];
  for (const { group, kind, health } of resources) {
    if (!health) {
      continue;
    }
    states.push(
      health === 'Suspended' && SCHEDULES.has(`${group}/${kind}`)
        ? 'Healthy'
        : health,
    );
  }
  return worstHealth(states);
}

/** Each resource's health and the application's, from {@link assessResourceHealth} and {@link applicationHealthOf}. */
export function assessApplicationHealth(
  resources: readonly ApplicationResource[],
  checks: readonly ResourceHealthCheck[] = builtInHealthChecks,
): ApplicationHealth {
  const assessed: ResourceHealth[] = [];
  for (const resource of resources) {
    const object = resource.live ?? resource.desired;
    if (!object) {
      continue;
    }
    assessed.push({
      group: apiGroupOf(object.apiVersion),
      kind: object.kind,
      namespace:
        object.metadata.namespace ?? resource.desired?.metadata.namespace,
      name: object.metadata.name,
      ...assessResourceHealth(resource, checks),
    });
  }
  return {
    status: applicationHealthOf(
      assessed.map(({ group, kind, status }) => ({
        group,
        kind,
        health: status,
      })),
    ),
    resources: assessed,
  };
}

function isHook(object: KubernetesObject): boolean {
  const annotations = object.metadata.annotations ?? {};
  return HOOK_ANNOTATIONS.some(annotation => annotation in annotations);
}
