import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';
import {
  IN_PROGRESS_REASONS,
  conditionsHealth,
  degraded,
} from './conditionsHealth';
import { staleGeneration } from './observedGeneration';
import { readField } from './readField';
import {
  falseCondition,
  readConditions,
  trueCondition,
} from './statusConditions';

/**
 * Flux kinds a controller reconciles and reports `Ready` for. The others
 * (notification `Alert` and `Provider` since v1beta3) are static
 * configuration without status, like an OCI `HelmRepository`.
 */
const RECONCILED_KINDS = new Set([
  'Kustomization',
  'HelmRelease',
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
  'Bucket',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'Receiver',
]);

/**
 * Health of the Flux toolkit's kinds (`Kustomization`, `HelmRelease`,
 * `GitRepository`, `OCIRepository`, `HelmRepository`, `HelmChart`,
 * `Bucket` and the notification and image kinds), from the kstatus
 * conditions every Flux controller writes: `spec.suspend` is Suspended; an
 * unobserved generation is Progressing; `Stalled` (an error retrying cannot
 * fix) is Degraded; `Ready: True` is Healthy with the applied revision;
 * `Ready: False` is Degraded with the controller's reason and message
 * (install or upgrade failed, build failed, health checks failed, fetch
 * failed) even while the controller retries, unless its reason says it waits
 * (`DependencyNotReady`, `Progressing`); `Ready: Unknown` and `Reconciling`
 * are Progressing; no `Ready` yet is Progressing for the kinds a controller
 * reconciles, and no health for static ones (`Alert`, `Provider`, an OCI
 * `HelmRepository`).
 */
export const fluxHealth: ResourceHealthCheck = {
  supports: object =>
    apiGroupOf(object.apiVersion).endsWith('.toolkit.fluxcd.io'),
  assess(object: KubernetesObject) {
    if (readField(object, 'spec.suspend') === true) {
      return {
        status: 'Suspended',
        message: `${object.kind} reconciliation is suspended`,
      };
    }
    const stale = staleGeneration(object);
    if (stale) {
      return stale;
    }
    // Flux keeps Reconciling true while it retries a failure; the failure is
    // what a person needs to see.
    const conditions = readConditions(object);
    const stalled = trueCondition(conditions, 'Stalled');
    const notReady = falseCondition(conditions, 'Ready');
    if (stalled) {
      return degraded(stalled);
    }
    if (notReady && !IN_PROGRESS_REASONS.has(notReady.reason ?? '')) {
      return degraded(notReady);
    }
    const reconciled =
      RECONCILED_KINDS.has(object.kind) &&
      !(
        object.kind === 'HelmRepository' &&
        readField(object, 'spec.type') === 'oci'
      );
    return conditionsHealth(object, {
      readinessTypes: ['Ready'],
      whenUnreported: reconciled
        ? `Waiting for the Flux controller to reconcile the ${object.kind}`
        : undefined,
    });
  },
};
