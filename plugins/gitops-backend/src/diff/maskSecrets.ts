import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { isRecord } from '../health/readField';
import { apiGroupOf } from '../health/apiGroupOf';
import { LAST_APPLIED_ANNOTATION } from './stripServerFields';

/** What every Secret value becomes. */
export const SECRET_MASK = '++++++++';

/** What a desired Secret value becomes when the live value differs. */
export const CHANGED_SECRET_MASK = `${SECRET_MASK} (changed)`;

const SECRET_VALUE_FIELDS = ['data', 'stringData'] as const;

export function isSecret(
  object: Pick<KubernetesObject, 'apiVersion' | 'kind'>,
) {
  return object.kind === 'Secret' && apiGroupOf(object.apiVersion) === '';
}

/**
 * A copy of an object safe to show anywhere: for a Secret, every value under
 * `data` and `stringData` and the last-applied annotation (which repeats
 * them) become {@link SECRET_MASK}. Other objects are copied unchanged.
 */
export function maskSecrets(object: KubernetesObject): KubernetesObject {
  const copy = JSON.parse(JSON.stringify(object)) as KubernetesObject;
  if (!isSecret(copy)) {
    return copy;
  }
  for (const field of SECRET_VALUE_FIELDS) {
    const values = copy[field];
    if (isRecord(values)) {
      copy[field] = Object.fromEntries(
        Object.keys(values).map(key => [key, SECRET_MASK]),
      );
    }
  }
  maskLastApplied(copy);
  return copy;
}

/**
 * A desired and a live Secret, masked so that they still show which values
 * differ and nothing else: equal values both become {@link SECRET_MASK}; a
 * desired value that differs from the live one becomes
 * {@link CHANGED_SECRET_MASK}. The desired `stringData` is folded into `data`
 * first, as the API server does, so a value written in clear in Git compares
 * equal to the same value stored base64-encoded. A pair with no Secret in it
 * is returned as it is, not copied: the engine compares every object of
 * every environment, and copying them all was most of a comparison's cost.
 * Callers must not modify what they get back.
 */
export function maskSecretPair(
  desired: KubernetesObject,
  live: KubernetesObject,
): { desired: KubernetesObject; live: KubernetesObject } {
  if (!isSecret(desired) && !isSecret(live)) {
    return { desired, live };
  }
  if (!isSecret(desired) || !isSecret(live)) {
    return { desired: maskSecrets(desired), live: maskSecrets(live) };
  }
  const desiredData = secretData(desired);
  const liveData = secretData(live);

  const maskedDesired = maskSecrets(desired);
  delete maskedDesired.stringData;
  const maskedLive = maskSecrets(live);
  delete maskedLive.stringData;

  if (desiredData) {
    maskedDesired.data = Object.fromEntries(
      Object.entries(desiredData).map(([key, value]) => {
        const liveValue = liveData?.[key];
        const changed = liveValue !== undefined && liveValue !== value;
        return [key, changed ? CHANGED_SECRET_MASK : SECRET_MASK];
      }),
    );
  }
  if (liveData) {
    maskedLive.data = Object.fromEntries(
      Object.keys(liveData).map(key => [key, SECRET_MASK]),
    );
  }
  return { desired: maskedDesired, live: maskedLive };
}

/**
 * A Secret's values as canonical base64, `stringData` (clear text) encoded
 * and overriding `data` as the API server merges them.
 */
function secretData(
  secret: KubernetesObject,
): Record<string, string> | undefined {
  const { data, stringData } = secret;
  if (!isRecord(data) && !isRecord(stringData)) {
    return undefined;
  }
  const merged: Record<string, string> = {};
  if (isRecord(data)) {
    for (const [key, value] of Object.entries(data)) {
      merged[key] =
        typeof value === 'string'
          ? Buffer.from(value, 'base64').toString('base64')
          : JSON.stringify(value);
    }
  }
  if (isRecord(stringData)) {
    for (const [key, value] of Object.entries(stringData)) {
      merged[key] = Buffer.from(
        typeof value === 'string' ? value : JSON.stringify(value),
        'utf8',
      ).toString('base64');
    }
  }
  return merged;
}

function maskLastApplied(object: KubernetesObject) {
  const annotations = object.metadata?.annotations;
  if (isRecord(annotations) && LAST_APPLIED_ANNOTATION in annotations) {
    annotations[LAST_APPLIED_ANNOTATION] = SECRET_MASK;
  }
}
