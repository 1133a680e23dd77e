/**
 * Typed reads from live objects, which are untyped JSON: a field that is
 * absent or of another type reads as `undefined`, so a half-filled `status`
 * never throws.
 */

/** The value at a dotted path, e.g. `status.observedGeneration`. */
export function readField(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (!isRecord(current)) {
      return undefined;
    }
    current = current[segment];
  }
  return current;
}

export function readNumber(object: unknown, path: string): number | undefined {
  const value = readField(object, path);
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  // Some controllers (Argo Rollouts' observedGeneration) write counters as strings.
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export function readString(object: unknown, path: string): string | undefined {
  const value = readField(object, path);
  return typeof value === 'string' ? value : undefined;
}

export function readArray(object: unknown, path: string): unknown[] {
  const value = readField(object, path);
  return Array.isArray(value) ? value : [];
}

/**
 * A JSON object: not null, not an array. The backend's one such check, for
 * live objects, rendered manifests and webhook payloads alike.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
