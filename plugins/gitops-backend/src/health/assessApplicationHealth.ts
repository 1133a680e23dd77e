import { HealthStatus, worstHealth } from '@slipway/plugin-gitops-common';
import {
  HealthAssessment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';
import { assessHealth } from './assessHealth';
import { builtInHealthChecks } from './builtInHealthChecks';

/**
 * One resource of an application: what Git declares and what the cluster
 * has. Either side may be absent (not deployed yet, or no longer declared).
 */
export interface ApplicationResource {
  desired?: KubernetesObject;
  live?: KubernetesObject;
}

/** The health of one resource, named so a reader can find it. */
export interface ResourceHealth extends HealthAssessment {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ApplicationHealth {
  /** The worst of the resources' health; `Healthy` for no resources. */
  status: HealthStatus;
  resources: ResourceHealth[];
}

/**
 * An application's health is the worst of its resources' health; a resource
 * Git declares that the cluster does not have is `Missing`.
 */
export function assessApplicationHealth(
  resources: readonly ApplicationResource[],
  checks: readonly ResourceHealthCheck[] = builtInHealthChecks,
): ApplicationHealth {
  const assessed: ResourceHealth[] = [];
  for (const { desired, live } of resources) {
    const object = live ?? desired;
    if (!object) {
      continue;
    }
    const health: HealthAssessment = live
      ? assessHealth(live, checks)
      : {
          status: 'Missing',
          message: 'Declared in Git, absent from the cluster',
        };
    assessed.push({
      group: apiGroupOf(object.apiVersion),
      kind: object.kind,
      namespace: object.metadata.namespace ?? desired?.metadata.namespace,
      name: object.metadata.name,
      ...health,
    });
  }
  return {
    status: worstHealth(assessed.map(resource => resource.status)),
    resources: assessed,
  };
}
