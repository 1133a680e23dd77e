import { kubernetesListMapKeys } from '@slipway/plugin-gitops-common';
import { isRecord, readField } from '../health/readField';
import { scalarsEqual } from './scalarsEqual';

/**
 * How the items of one list are told apart: the fields that identify an item
 * (Kubernetes' merge keys) and the values the API server fills in for them
 * when Git leaves them out (a port's protocol is TCP).
 */
export interface ListMergeKey {
  fields: readonly string[];
  defaults: Readonly<Record<string, string>>;
}

/**
 * Lists Kubernetes replaces whole (`listType: atomic`), whose items still
 * read best named by a field in a diff: a changed readiness gate or volume
 * claim template shows as itself, not as the whole list.
 */
const DIFF_ONLY_KEYS: Readonly<Record<string, readonly string[]>> = {
  readinessGates: ['conditionType'],
  volumeClaimTemplates: ['metadata.name'],
};

/** What the API server fills in for a key field that Git leaves out. */
const KEY_DEFAULTS: Readonly<Record<string, string>> = { protocol: 'TCP' };

// One ListMergeKey for each key of the tables (a bounded set), made once.
const mergeKeys = new Map<readonly string[], ListMergeKey>();

function mergeKeyOf(fields: readonly string[]): ListMergeKey {
  let key = mergeKeys.get(fields);
  if (!key) {
    const defaults = Object.fromEntries(
      fields.flatMap(name =>
        Object.hasOwn(KEY_DEFAULTS, name) ? [[name, KEY_DEFAULTS[name]]] : [],
      ),
    );
    key = { fields, defaults };
    mergeKeys.set(fields, key);
  }
  return key;
}

/**
 * The merge key of a list, judged from its field name and the items Git
 * declares (Kubernetes' own keys, from gitops-common's table, and the
 * diff-only ones above), or `undefined` when the list is compared as a whole:
 * its items are not maps, lack the key, or repeat a key.
 */
export function listMergeKey(
  field: string | undefined,
  desiredItems: readonly unknown[],
): ListMergeKey | undefined {
  if (
    field === undefined ||
    desiredItems.length === 0 ||
    !desiredItems.every(isRecord)
  ) {
    return undefined;
  }
  const fields =
    kubernetesListMapKeys(field, desiredItems) ??
    (Object.hasOwn(DIFF_ONLY_KEYS, field) ? DIFF_ONLY_KEYS[field] : undefined);
  if (!fields) {
    return undefined;
  }
  const key = mergeKeyOf(fields);
  const seen = new Set<string>();
  for (const item of desiredItems) {
    const itemKey = formatItemKey(key, item);
    if (itemKey === undefined || seen.has(itemKey)) {
      return undefined;
    }
    seen.add(itemKey);
  }
  return key;
}

/**
 * An item's key as it appears in a field path, e.g. `name=api` or
 * `containerPort=8080` (a field equal to its default is left out, so
 * `protocol=UDP` shows only where it matters). `undefined` when the item
 * lacks a key field.
 */
export function formatItemKey(
  key: ListMergeKey,
  item: Record<string, unknown>,
): string | undefined {
  const parts: string[] = [];
  for (const field of key.fields) {
    const declared = readField(item, field);
    const value = declared ?? key.defaults[field];
    if (value === undefined || value === null || isRecord(value)) {
      return undefined;
    }
    if (
      key.defaults[field] !== undefined &&
      scalarsEqual(value, key.defaults[field])
    ) {
      continue;
    }
    // Ports compare as numbers whether Git wrote them as numbers or strings.
    const text =
      /^(p|.*P)ort$/.test(field) &&
      typeof value === 'string' &&
      /^\d+$/.test(value)
        ? String(Number(value))
        : String(value);
    parts.push(`${field}=${text}`);
  }
  return parts.join(',');
}
