import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { formatIdentity, identityOf } from '../diff/resourceIdentity';
import { AppliedObject, PrunedObject } from '../kubernetes';

/**
 * The live objects of an environment as a sync left them: what was there
 * before, with every object the API server answered an apply with put in
 * its place and every pruned one taken out. The answers are the objects as
 * stored, so this is what listing the cluster right after the sync would
 * give, without listing it; the watch reports the same soon after.
 */
export function liveAfterSync(
  before: readonly KubernetesObject[],
  applied: readonly AppliedObject[],
  pruned: readonly PrunedObject[],
): KubernetesObject[] {
  const live = new Map<string, KubernetesObject>();
  for (const object of before) {
    live.set(formatIdentity(identityOf(object)), object);
  }
  for (const result of applied) {
    if (result.result && result.action !== 'failed') {
      live.set(result.id, result.result);
    }
  }
  for (const result of pruned) {
    if (result.action === 'deleted') {
      live.delete(result.id);
    }
  }
  return [...live.values()];
}
