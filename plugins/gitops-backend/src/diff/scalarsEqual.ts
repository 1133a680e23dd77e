import { isSameQuantity } from './parseQuantity';

/** Maps whose values are resource quantities (`resources.limits.cpu` …). */
const QUANTITY_MAPS = new Set([
  'limits',
  'requests',
  'hard',
  'capacity',
  'allocatable',
  'overhead',
  'default',
  'defaultRequest',
  'max',
  'min',
  'maxLimitRequestRatio',
]);

/** Fields whose own value is a quantity. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'storage']);

/** Port fields, which the API accepts as numbers or numeric strings. */
const PORT_FIELDS = new Set([
  'port',
  'targetPort',
  'containerPort',
  'hostPort',
  'nodePort',
  'number',
]);

/** Where a scalar sits: its own field name and the field of its parent map. */
export interface ScalarContext {
  field?: string;
  parent?: string;
}

/**
 * Whether a desired and a live scalar mean the same to Kubernetes: identical,
 * or equal quantities where the field holds quantities (`500m` and `0.5`,
 * `1Gi` and `1024Mi`), or equal numbers where the field holds a port (`8080`
 * and `"8080"`). Other numbers and strings are never equated, so `"3"` as an
 * environment value stays distinct from a numeric `3`.
 */
export function scalarsEqual(
  desired: unknown,
  live: unknown,
  context: ScalarContext = {},
): boolean {
  if (desired === live) {
    return true;
  }
  const { field, parent } = context;
  if (
    (parent !== undefined && QUANTITY_MAPS.has(parent)) ||
    (field !== undefined && QUANTITY_FIELDS.has(field))
  ) {
    return isSameQuantity(desired, live);
  }
  if (field !== undefined && PORT_FIELDS.has(field)) {
    const left = asPortNumber(desired);
    return left !== undefined && left === asPortNumber(live);
  }
  return false;
}

function asPortNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

/**
 * Whether a desired value is the zero value the API server omits when
 * serialising (`false`, `0`, `""`, empty map or list), so its absence in the
 * live object is no drift.
 */
export function isZeroValue(value: unknown): boolean {
  if (value === null || value === undefined) {
    return true;
  }
  if (value === false || value === 0 || value === '') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>).every(isZeroValue);
  }
  return false;
}
