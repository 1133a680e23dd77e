const BY_NAME = ['name'] as const;

/**
 * The associative lists of the built-in kinds whose key does not depend on
 * the items, by the list's field name.
 */
const LIST_MAP_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  env: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  // A ServiceAccount's secrets.
  secrets: BY_NAME,
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  hostAliases: ['ip'],
  conditions: ['type'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
};

const CONTAINER_PORT_KEYS = ['containerPort', 'protocol'] as const;
const SERVICE_PORT_KEYS = ['port', 'protocol'] as const;

/**
 * The fields that identify the items of one of the built-in kinds'
 * associative lists (`x-kubernetes-list-map-keys` in Kubernetes' OpenAPI
 * schema, the strategic-merge patch key), decided by the list's field name
 * and, for `ports`, by what the items hold: a container's are keyed by
 * `containerPort`, a Service's by `port`, each with `protocol`. Undefined for
 * lists that are atomic: replaced whole by patches, owned whole by one field
 * manager, compared whole.
 *
 * @public
 */
export function kubernetesListMapKeys(
  field: string,
  items: ReadonlyArray<Readonly<Record<string, unknown>>>,
): readonly string[] | undefined {
  if (field === 'ports') {
    if (items.some(item => 'containerPort' in item)) {
      return CONTAINER_PORT_KEYS;
    }
    if (items.some(item => 'port' in item)) {
      return SERVICE_PORT_KEYS;
    }
    return undefined;
  }
  return Object.hasOwn(LIST_MAP_KEYS, field) ? LIST_MAP_KEYS[field] : undefined;
}
