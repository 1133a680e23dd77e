export { diffResources } from './diffResources';
export type {
  DiffOptions,
  ResourceDiff,
  ResourceSyncStatus,
} from './diffResources';
export type { FieldChange } from './compareObjects';
export { compareObjects } from './compareObjects';
export { normalizeLive } from './normalizeLive';
export { formatDiff } from './formatDiff';
export {
  maskSecrets,
  maskSecretPair,
  SECRET_MASK,
  CHANGED_SECRET_MASK,
} from './maskSecrets';
export { trackedByLabel } from './trackedByLabel';
export { syncStatusOf } from './syncStatusOf';
export {
  identityOf,
  formatIdentity,
  isBuiltInClusterScoped,
} from './resourceIdentity';
export type { ResourceIdentity } from './resourceIdentity';
export { parseQuantity, isSameQuantity } from './parseQuantity';
export type { Quantity } from './parseQuantity';
