export { assessHealth } from './assessHealth';
export { assessApplicationHealth } from './assessApplicationHealth';
export type {
  ApplicationHealth,
  ApplicationResource,
  ResourceHealth,
} from './assessApplicationHealth';
export { builtInHealthChecks } from './builtInHealthChecks';
export { conditionsHealth } from './conditionsHealth';
export { deploymentHealth } from './deploymentHealth';
export { statefulSetHealth } from './statefulSetHealth';
export { daemonSetHealth } from './daemonSetHealth';
export { replicaSetHealth } from './replicaSetHealth';
export { podHealth } from './podHealth';
export { serviceHealth } from './serviceHealth';
export { ingressHealth } from './ingressHealth';
export { persistentVolumeClaimHealth } from './persistentVolumeClaimHealth';
export { jobHealth } from './jobHealth';
export { cronJobHealth } from './cronJobHealth';
export { horizontalPodAutoscalerHealth } from './horizontalPodAutoscalerHealth';
export { rolloutHealth } from './rolloutHealth';
export { apiGroupOf } from './apiGroupOf';
