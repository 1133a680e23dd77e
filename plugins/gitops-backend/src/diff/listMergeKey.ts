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

const BY_NAME: ListMergeKey = { fields: ['name'], defaults: {} };

/** Lists keyed the same way wherever they appear, by field name. */
const KEYS_BY_LIST: Record<string, ListMergeKey> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  env: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  secrets: BY_NAME,
  volumeMounts: { fields: ['mountPath'], defaults: {} },
  volumeDevices: { fields: ['devicePath'], defaults: {} },
  hostAliases: { fields: ['ip'], defaults: {} },
  readinessGates: { fields: ['conditionType'], defaults: {} },
  conditions: { fields: ['type'], defaults: {} },
  topologySpreadConstraints: {
    fields: ['topologyKey', 'whenUnsatisfiable'],
    defaults: {},
  },
  volumeClaimTemplates: { fields: ['metadata.name'], defaults: {} },
};

const CONTAINER_PORT: ListMergeKey = {
  fields: ['containerPort', 'protocol'],
  defaults: { protocol: 'TCP' },
};
const SERVICE_PORT: ListMergeKey = {
  fields: ['port', 'protocol'],
  defaults: { protocol: 'TCP' },
};

/**
 * The merge key of a list, judged from its field name and the items Git
 * declares, or `undefined` when the list is compared as a whole: its items
 * are not maps, lack the key, or repeat a key.
 */
export function listMergeKey(
  field: string | undefined,
  desiredItems: readonly unknown[],
): ListMergeKey | undefined {
  if (field === undefined || desiredItems.length === 0) {
    return undefined;
  }
  let key: ListMergeKey | undefined = KEYS_BY_LIST[field];
  if (field === 'ports') {
    // Containers and Services both have `ports`, keyed differently.
    key = desiredItems.every(item => isRecord(item) && 'containerPort' in item)
      ? CONTAINER_PORT
      : SERVICE_PORT;
  }
  if (!key) {
    return undefined;
  }
  const seen = new Set<string>();
  for (const item of desiredItems) {
    const itemKey = isRecord(item) ? formatItemKey(key, item) : undefined;
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
