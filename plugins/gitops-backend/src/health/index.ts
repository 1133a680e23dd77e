export { assessHealth } from './assessHealth';
export type { ResourceHealthResult } from './assessHealth';
export {
  assessApplicationHealth,
  assessResourceHealth,
  applicationHealthOf,
} from './assessApplicationHealth';
export type {
  ApplicationHealth,
  ApplicationResource,
  HealthContribution,
  ResourceHealth,
} from './assessApplicationHealth';
export { builtInHealthChecks } from './builtInHealthChecks';
export { createHealthChecks } from './createHealthChecks';
export type { CreateHealthChecksOptions } from './createHealthChecks';
export { configMapReader } from './configMapReader';
export { genericHealth } from './genericHealth';
export { NoHealthError } from './NoHealthError';
export { apiGroupOf } from './apiGroupOf';
