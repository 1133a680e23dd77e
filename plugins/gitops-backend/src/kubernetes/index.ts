export * from './trackingLabels';
export type { ClusterDefinition } from './ClusterDefinition';
export { clusterDefinitionOf } from './ClusterDefinition';
export { readClusters } from './readClusters';
export { readKubeconfig } from './readKubeconfig';
export { ClusterClients } from './ClusterClients';
export type { ClusterClient } from './ClusterClient';
export { createClusterClient } from './ClusterClient';
export { ClusterRequestError } from './ClusterRequestError';
export type { KubernetesStatus } from './ClusterRequestError';
export { PlainObjectApi } from './PlainObjectApi';
export { ResourceDiscovery } from './ResourceDiscovery';
export type { ServedResource } from './ResourceDiscovery';
export {
  applyRankOf,
  isFoundational,
  sortForApply,
  sortForDelete,
} from './applyOrder';
export { ClusterApplier } from './ClusterApplier';
export type {
  ApplyAction,
  ApplyOptions,
  AppliedObject,
} from './ClusterApplier';
export { listTracked } from './listTracked';
export { planPrune } from './planPrune';
export type { PrunePlan } from './planPrune';
export { pruneObjects } from './pruneObjects';
export type { PrunedObject, PruneOptions } from './pruneObjects';
export { isClusterGenerated } from './isClusterGenerated';
export { redactSecretValues } from './redactSecretValues';
