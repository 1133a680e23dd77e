import { isPlainObject } from './KustomizeResource';

// Merge keys of the Kubernetes API's lists, by field name. Lists not named
// here are merged by `name` when every element has one (Kustomize infers
// the same), and replaced otherwise.
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  readinessGates: 'conditionType',
  resourceClaims: 'name',
  conditions: 'type',
};

function mergeKeyFor(
  field: string,
  target: unknown[],
  patch: unknown[],
): string | undefined {
  if (field === 'ports') {
    const all = [...target, ...patch];
    if (
      all.every(item => isPlainObject(item) && item.containerPort !== undefined)
    ) {
      return 'containerPort';
    }
    if (all.every(item => isPlainObject(item) && item.port !== undefined)) {
      return 'port';
    }
  }
  const known = mergeKeys[field];
  if (known) {
    return known;
  }
  const elements = [...target, ...patch].filter(
    item =>
      !(
        isPlainObject(item) &&
        item.$patch !== undefined &&
        Object.keys(item).length === 1
      ),
  );
  if (
    elements.length > 0 &&
    elements.every(item => isPlainObject(item) && item.name !== undefined)
  ) {
    return 'name';
  }
  return undefined;
}

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function withoutDirectives(
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === '$patch' ||
      key.startsWith('$setElementOrder/') ||
      key === '$retainKeys'
    ) {
      continue;
    }
    result[key] = isPlainObject(value)
      ? withoutDirectives(value)
      : clone(value);
  }
  return result;
}

function mergeList(
  field: string,
  target: unknown[],
  patch: unknown[],
): unknown[] {
  if (patch.some(item => isPlainObject(item) && item.$patch === 'replace')) {
    return patch
      .filter(item => !(isPlainObject(item) && item.$patch === 'replace'))
      .map(item =>
        isPlainObject(item) ? withoutDirectives(item) : clone(item),
      );
  }
  const key = mergeKeyFor(field, target, patch);
  if (!key) {
    return patch.map(item =>
      isPlainObject(item) ? withoutDirectives(item) : clone(item),
    );
  }
  const result = [...target];
  for (const item of patch) {
    if (!isPlainObject(item)) {
      continue;
    }
    const index = result.findIndex(
      existing => isPlainObject(existing) && existing[key] === item[key],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) {
        result.splice(index, 1);
      }
      continue;
    }
    if (index >= 0) {
      result[index] = mergeMap(result[index] as Record<string, unknown>, item);
    } else {
      result.push(withoutDirectives(item));
    }
  }
  return result;
}

/** A patch value for a field the target lacks: directives stripped, lists built from nothing. */
function newValueWithoutDirectives(field: string, value: unknown): unknown {
  if (isPlainObject(value)) {
    return withoutDirectives(value);
  }
  if (Array.isArray(value)) {
    return mergeList(field, [], value);
  }
  return value;
}

function mergeMap(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  if (patch.$patch === 'replace') {
    return withoutDirectives(patch);
  }
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === '$patch' ||
      key.startsWith('$setElementOrder/') ||
      key === '$retainKeys'
    ) {
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const existing = result[key];
    if (isPlainObject(value) && value.$patch === 'delete') {
      delete result[key];
    } else if (isPlainObject(value) && isPlainObject(existing)) {
      result[key] = mergeMap(existing, value);
    } else if (Array.isArray(value) && Array.isArray(existing)) {
      result[key] = mergeList(key, existing, value);
    } else {
      result[key] = newValueWithoutDirectives(key, value);
    }
  }
  return result;
}

/**
 * Applies a strategic merge patch: maps merge, `null` removes a field, lists
 * of the Kubernetes API merge element by element on their keys (containers
 * by name, volume mounts by mount path …), and `$patch: replace` / `delete`
 * directives work as in `kubectl` and Kustomize. Returns a new object.
 */
export function strategicMerge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  return mergeMap(target, patch);
}
