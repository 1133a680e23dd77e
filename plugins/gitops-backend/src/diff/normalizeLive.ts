import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { isRecord } from '../health/readField';
import { formatItemKey, listMergeKey } from './listMergeKey';
import { stripServerFields } from './stripServerFields';

/**
 * The live object reduced to the fields the desired object declares, so that
 * everything the cluster adds (status, server metadata, defaults such as a
 * container's `imagePullPolicy` or a Service's `sessionAffinity`, fields other
 * controllers own) never counts as drift, while anything Git does declare is
 * compared, defaults included when Git spells them out.
 *
 * Maps keep the keys the desired map has. Lists of maps with a merge key
 * (containers and env by `name`, container ports by `containerPort` and
 * `protocol`, Service ports by `port` and `protocol` …) are matched item by
 * item and keep live items Git does not declare, because an item removed from
 * Git is drift. Other lists of maps are matched by position when both sides
 * have the same length; anything else is kept whole.
 *
 * Secret values are not masked here; `diffResources` masks them first.
 */
export function normalizeLive(
  desired: KubernetesObject,
  live: KubernetesObject,
): KubernetesObject {
  return projectValue(
    stripServerFields(desired),
    stripServerFields(live),
    undefined,
  ) as KubernetesObject;
}

function projectValue(
  desired: unknown,
  live: unknown,
  field: string | undefined,
): unknown {
  if (isRecord(desired) && isRecord(live)) {
    const projected: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(desired)) {
      if (value !== null && value !== undefined && key in live) {
        projected[key] = projectValue(value, live[key], key);
      }
    }
    return projected;
  }
  if (Array.isArray(desired) && Array.isArray(live)) {
    return projectList(desired, live, field);
  }
  return live;
}

function projectList(
  desired: unknown[],
  live: unknown[],
  field: string | undefined,
): unknown[] {
  const key = listMergeKey(field, desired);
  if (key) {
    const liveByKey = new Map<string, unknown>();
    const extra: unknown[] = [];
    for (const item of live) {
      const itemKey = isRecord(item) ? formatItemKey(key, item) : undefined;
      if (itemKey === undefined || liveByKey.has(itemKey)) {
        extra.push(item);
      } else {
        liveByKey.set(itemKey, item);
      }
    }
    const projected: unknown[] = [];
    const matched = new Set<string>();
    for (const item of desired) {
      const itemKey = formatItemKey(key, item as Record<string, unknown>)!;
      if (liveByKey.has(itemKey)) {
        matched.add(itemKey);
        projected.push(projectValue(item, liveByKey.get(itemKey), undefined));
      }
    }
    for (const [itemKey, item] of liveByKey) {
      if (!matched.has(itemKey)) {
        projected.push(item);
      }
    }
    return [...projected, ...extra];
  }
  if (
    desired.length === live.length &&
    desired.every(isRecord) &&
    live.every(isRecord)
  ) {
    return desired.map((item, index) =>
      projectValue(item, live[index], undefined),
    );
  }
  return live;
}
