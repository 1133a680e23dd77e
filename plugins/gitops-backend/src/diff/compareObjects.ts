import { isRecord } from '../health/readField';
import { PathSegment, formatFieldPath } from './fieldPath';
import { formatItemKey, listMergeKey } from './listMergeKey';
import { isZeroValue, scalarsEqual } from './scalarsEqual';

/**
 * One field where the cluster differs from Git. A side that is absent (an
 * item Git declares that the cluster lacks, or the reverse) is `undefined`.
 */
export interface FieldChange {
  /** e.g. `spec.template.spec.containers[name=api].image` */
  path: string;
  desired?: unknown;
  live?: unknown;
}

/** Identity fields: compared through the resource's identity, not here. */
const TOP_LEVEL_IGNORED = new Set(['apiVersion', 'kind']);

/**
 * The field-level differences between a desired object and the live object
 * normalised against it (see `normalizeLive`). Only fields the desired object
 * declares are visited; a desired zero value (`false`, `0`, `""`, empty) that
 * the live object omits is no difference, because the API server drops zero
 * values when it serialises.
 */
export function compareObjects(
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(desired)) {
    if (!TOP_LEVEL_IGNORED.has(field)) {
      compareValue(value, live[field], [{ field }], field, undefined, changes);
    }
  }
  return changes;
}

function compareValue(
  desired: unknown,
  live: unknown,
  path: PathSegment[],
  field: string | undefined,
  parent: string | undefined,
  changes: FieldChange[],
): void {
  if (desired === null || desired === undefined) {
    return;
  }
  if (live === null || live === undefined) {
    if (!isZeroValue(desired)) {
      changes.push({ path: formatFieldPath(path), desired, live: undefined });
    }
    return;
  }
  if (isRecord(desired)) {
    if (!isRecord(live)) {
      changes.push({ path: formatFieldPath(path), desired, live });
      return;
    }
    for (const [key, value] of Object.entries(desired)) {
      compareValue(
        value,
        live[key],
        [...path, { field: key }],
        key,
        field,
        changes,
      );
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      changes.push({ path: formatFieldPath(path), desired, live });
      return;
    }
    compareList(desired, live, path, field, changes);
    return;
  }
  if (!scalarsEqual(desired, live, { field, parent })) {
    changes.push({ path: formatFieldPath(path), desired, live });
  }
}

function compareList(
  desired: unknown[],
  live: unknown[],
  path: PathSegment[],
  field: string | undefined,
  changes: FieldChange[],
): void {
  const key = listMergeKey(field, desired);
  if (key) {
    const liveByKey = new Map<string, unknown>();
    const unkeyedLive: unknown[] = [];
    for (const item of live) {
      const itemKey = isRecord(item) ? formatItemKey(key, item) : undefined;
      if (itemKey === undefined || liveByKey.has(itemKey)) {
        unkeyedLive.push(item);
      } else {
        liveByKey.set(itemKey, item);
      }
    }
    const declared = new Set<string>();
    for (const item of desired) {
      const itemKey = formatItemKey(key, item as Record<string, unknown>)!;
      declared.add(itemKey);
      compareValue(
        item,
        liveByKey.get(itemKey),
        [...path, { key: itemKey }],
        undefined,
        field,
        changes,
      );
    }
    for (const [itemKey, item] of liveByKey) {
      if (!declared.has(itemKey)) {
        changes.push({
          path: formatFieldPath([...path, { key: itemKey }]),
          desired: undefined,
          live: item,
        });
      }
    }
    for (const item of unkeyedLive) {
      changes.push({
        path: formatFieldPath(path),
        desired: undefined,
        live: item,
      });
    }
    return;
  }

  if (
    desired.length === live.length &&
    desired.every(isRecord) &&
    live.every(isRecord)
  ) {
    desired.forEach((item, index) =>
      compareValue(
        item,
        live[index],
        [...path, { index }],
        undefined,
        field,
        changes,
      ),
    );
    return;
  }

  // Lists without identity (args, command, tolerations of another length …)
  // differ as a whole: an item-by-item report would misalign after the first
  // insertion.
  const itemChanges: FieldChange[] = [];
  if (desired.length === live.length) {
    desired.forEach((item, index) =>
      compareValue(
        item,
        live[index],
        [...path, { index }],
        field,
        field,
        itemChanges,
      ),
    );
  }
  if (desired.length !== live.length || itemChanges.length > 0) {
    changes.push({ path: formatFieldPath(path), desired, live });
  }
}
