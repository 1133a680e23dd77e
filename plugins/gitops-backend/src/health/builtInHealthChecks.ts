import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { analysisRunHealth } from './analysisRunHealth';
import { apiServiceHealth } from './apiServiceHealth';
import { argoCdApplicationHealth } from './argoCdApplicationHealth';
import { certManagerHealth } from './certManagerHealth';
import { cronJobHealth } from './cronJobHealth';
import { customResourceDefinitionHealth } from './customResourceDefinitionHealth';
import { daemonSetHealth } from './daemonSetHealth';
import { deploymentHealth } from './deploymentHealth';
import { experimentHealth } from './experimentHealth';
import { externalSecretsHealth } from './externalSecretsHealth';
import { fluxHealth } from './fluxHealth';
import {
  gatewayClassHealth,
  gatewayHealth,
  gatewayRouteHealth,
} from './gatewayApiHealth';
import { horizontalPodAutoscalerHealth } from './horizontalPodAutoscalerHealth';
import { ingressHealth } from './ingressHealth';
import { jobHealth } from './jobHealth';
import { kedaHealth } from './kedaHealth';
import { persistentVolumeClaimHealth } from './persistentVolumeClaimHealth';
import { podDisruptionBudgetHealth } from './podDisruptionBudgetHealth';
import { podHealth } from './podHealth';
import { replicaSetHealth } from './replicaSetHealth';
import { rolloutHealth } from './rolloutHealth';
import { serviceHealth } from './serviceHealth';
import { statefulSetHealth } from './statefulSetHealth';
import { cronWorkflowHealth, workflowHealth } from './workflowHealth';

/**
 * The kind-specific checks Slipway ships, in the order they are asked. Checks
 * registered through the extension point and configured health scripts go
 * before these; kinds none of them supports fall back to
 * {@link genericHealth} in `assessHealth`.
 */
export const builtInHealthChecks: readonly ResourceHealthCheck[] = [
  // Kubernetes
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
  podDisruptionBudgetHealth,
  customResourceDefinitionHealth,
  apiServiceHealth,
  // Argo CD, Argo Rollouts and Argo Workflows
  argoCdApplicationHealth,
  rolloutHealth,
  analysisRunHealth,
  experimentHealth,
  workflowHealth,
  cronWorkflowHealth,
  // Flux, cert-manager, External Secrets, KEDA, Gateway API
  fluxHealth,
  certManagerHealth,
  externalSecretsHealth,
  kedaHealth,
  gatewayClassHealth,
  gatewayHealth,
  gatewayRouteHealth,
];
