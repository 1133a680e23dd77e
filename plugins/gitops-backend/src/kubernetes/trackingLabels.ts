import { createHash } from 'node:crypto';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { KubernetesObject } from '@slipway/plugin-gitops-node';

/** The standard label that says which tool manages an object. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'slipway';

/** Which application an object belongs to; see {@link applicationLabelValue}. */
export const APPLICATION_LABEL = 'slipway.dev/application';
export const ENVIRONMENT_LABEL = 'slipway.dev/environment';

/** The full entity ref, which a label value cannot always hold. */
export const ENTITY_REF_ANNOTATION = 'slipway.dev/entity-ref';
/** The config-repo commit an object was last applied from. */

/** `slipway.dev/prune: disabled` keeps an object when Git drops it. */
export const PRUNE_ANNOTATION = 'slipway.dev/prune';
export const PRUNE_DISABLED_VALUE = 'disabled';
/** Argo CD's spelling of the same opt-out, so migrated manifests keep it. */
export const ARGOCD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** The one server-side apply field manager Slipway writes as. */
export const FIELD_MANAGER = 'slipway';

/** What identifies an application's objects in one environment. */
export interface TrackingTarget {
  /** The application's entity ref, e.g. `component:default/payments`. */
  application: string;
  environment: string;
}

const LABEL_VALUE_MAX = 63;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const HASH_LENGTH = 10;

/** Whether a string is a valid Kubernetes label value. */
export function isValidLabelValue(value: string): boolean {
  return value.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(value);
}

/*
 * The engine asks for the label value of every object it compares, several
 * times a pass; a hash and a parse each time showed up in its profile. The
 * answers never change, so they are kept (bounded, for portals whose catalog
 * churns).
 */
const MEMO_LIMIT = 50_000;
const labelValues = new Map<string, string>();
const normalisedRefs = new Map<string, string>();

function remember(memo: Map<string, string>, key: string, value: string) {
  if (memo.size >= MEMO_LIMIT) {
    memo.clear();
  }
  memo.set(key, value);
}

/**
 * The value of {@link APPLICATION_LABEL} for an entity ref. A label value
 * holds at most 63 characters of `[A-Za-z0-9-_.]`, and an entity ref has a
 * `:` and a `/` and may be longer, so the value is the entity's name (for
 * people running `kubectl get -l`) followed by a hash of the whole
 * normalised ref (so that `component:a/web` and `component:b/web` never
 * share objects). The same ref, in any letter case, always gives the same
 * value.
 */
export function applicationLabelValue(entityRef: string): string {
  let value = labelValues.get(entityRef);
  if (value === undefined) {
    value = computeApplicationLabelValue(entityRef);
    remember(labelValues, entityRef, value);
  }
  return value;
}

function computeApplicationLabelValue(entityRef: string): string {
  const normalised = normaliseEntityRef(entityRef);
  const hash = createHash('sha256')
    .update(normalised)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const readable = parseEntityRef(normalised)
    .name.replace(/[^a-z0-9-_.]/g, '-')
    .slice(0, LABEL_VALUE_MAX - HASH_LENGTH - 1)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return readable ? `${readable}-${hash}` : hash;
}

/** The labels every applied object of this application and environment carries. */
export function trackingLabelsOf(
  target: TrackingTarget,
): Record<string, string> {
  if (!isValidLabelValue(target.environment) || !target.environment) {
    throw new InputError(
      `Environment name "${target.environment}" cannot be a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)`,
    );
  }
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [APPLICATION_LABEL]: applicationLabelValue(target.application),
    [ENVIRONMENT_LABEL]: target.environment,
  };
}

/**
 * A copy of an object carrying the tracking labels and annotations. They
 * override any the manifest sets itself, because an object labelled for
 * another application would be pruned by that one. The revision is not
 * stamped on objects: it would make every commit to the repository change
 * every object, and so every environment look out of sync. Only the object
 * and its metadata are copied; the rest is shared with the input.
 */
export function withTracking(
  object: KubernetesObject,
  application: string,
  environment: string,
): KubernetesObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata.labels,
        ...trackingLabelsOf({ application, environment }),
      },
      annotations: {
        ...object.metadata.annotations,
        [ENTITY_REF_ANNOTATION]: normaliseEntityRef(application),
      },
    },
  };
}

/** A label selector for the live objects of an application in an environment. */
export function trackingSelector(target: TrackingTarget): string {
  return Object.entries(trackingLabelsOf(target))
    .map(([label, value]) => `${label}=${value}`)
    .join(',');
}

/**
 * The application and environment an object's tracking labels name, as
 * label values (see {@link applicationLabelValue}).
 */
export interface TrackedOwner {
  application: string;
  environment: string;
}

/** Who owns a live object by its tracking labels; undefined when untracked. */
export function trackedOwnerOf(
  object: KubernetesObject,
): TrackedOwner | undefined {
  const labels = object.metadata?.labels ?? {};
  const application = labels[APPLICATION_LABEL];
  const environment = labels[ENVIRONMENT_LABEL];
  return application && environment ? { application, environment } : undefined;
}

/** Whether a live object carries exactly this application's tracking labels. */
export function isTrackedBy(
  object: KubernetesObject,
  target: TrackingTarget,
): boolean {
  const labels = object.metadata.labels ?? {};
  return Object.entries(trackingLabelsOf(target)).every(
    ([label, value]) => labels[label] === value,
  );
}

/**
 * Whether an object opted out of pruning, with Slipway's annotation or Argo
 * CD's `Prune=false` sync option (a comma-separated list).
 */
export function isPruneDisabled(object: KubernetesObject): boolean {
  const annotations = object.metadata.annotations ?? {};
  if (annotations[PRUNE_ANNOTATION]?.trim() === PRUNE_DISABLED_VALUE) {
    return true;
  }
  return (annotations[ARGOCD_SYNC_OPTIONS_ANNOTATION] ?? '')
    .split(',')
    .some(option => option.trim() === 'Prune=false');
}

function normaliseEntityRef(entityRef: string): string {
  let normalised = normalisedRefs.get(entityRef);
  if (normalised === undefined) {
    normalised = computeNormalisedEntityRef(entityRef);
    remember(normalisedRefs, entityRef, normalised);
  }
  return normalised;
}

function computeNormalisedEntityRef(entityRef: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(entityRef)).toLocaleLowerCase(
      'en-US',
    );
  } catch (error) {
    throw new InputError(`"${entityRef}" is not a valid entity ref`);
  }
}
