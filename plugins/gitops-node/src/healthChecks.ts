import { HealthStatus } from '@slipway/plugin-gitops-common';
import { KubernetesObject } from './kubernetesObject';

/**
 * The health of one live object, with the reason when it is not healthy.
 *
 * @public
 */
export interface HealthAssessment {
  status: HealthStatus;
  message?: string;
}

/**
 * Assesses the health of live objects of some kinds. Checks added through the
 * extension point are asked before the built-in ones (and before configured
 * health scripts), so a platform can override how a kind is judged: the first
 * check that supports an object decides.
 *
 * @public
 */
export interface ResourceHealthCheck {
  supports(object: Pick<KubernetesObject, 'apiVersion' | 'kind'>): boolean;
  /**
   * Must be a pure function of the object: it runs on every observed change.
   * `undefined` means the object has no health (as Argo CD leaves `health`
   * empty): it is shown without one and left out of the application's health.
   */
  assess(object: KubernetesObject): HealthAssessment | undefined;
}
