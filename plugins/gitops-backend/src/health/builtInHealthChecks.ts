import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { cronJobHealth } from './cronJobHealth';
import { daemonSetHealth } from './daemonSetHealth';
import { deploymentHealth } from './deploymentHealth';
import { horizontalPodAutoscalerHealth } from './horizontalPodAutoscalerHealth';
import { ingressHealth } from './ingressHealth';
import { jobHealth } from './jobHealth';
import { persistentVolumeClaimHealth } from './persistentVolumeClaimHealth';
import { podHealth } from './podHealth';
import { replicaSetHealth } from './replicaSetHealth';
import { rolloutHealth } from './rolloutHealth';
import { serviceHealth } from './serviceHealth';
import { statefulSetHealth } from './statefulSetHealth';

/**
 * The kind-specific checks Slipway ships, in the order they are asked. Checks
 * registered through the extension point go before these; kinds none of them
 * supports fall back to {@link conditionsHealth} in `assessHealth`.
 */
export const builtInHealthChecks: readonly ResourceHealthCheck[] = [
  deploymentHealth,
  statefulSetHealth,
  daemonSetHealth,
  replicaSetHealth,
  podHealth,
  serviceHealth,
  ingressHealth,
  persistentVolumeClaimHealth,
  jobHealth,
  cronJobHealth,
  horizontalPodAutoscalerHealth,
  rolloutHealth,
];
