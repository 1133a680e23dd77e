import {
  HealthAssessment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';
import { HealthScript, findHealthScript } from './healthScripts';
import { LuaHealthScriptRunner } from './LuaHealthScriptRunner';
import { NoHealthError } from './NoHealthError';
import { readString } from './readField';

/** How many verdicts are remembered; about one per scripted live object. */
const CACHE_SIZE = 10_000;

/**
 * A health check that runs the Lua script configured for an object's kind
 * (see {@link findHealthScript}); it supports only kinds some script
 * matches. `scripts` is read on every call, so a refreshed list applies at
 * the next assessment.
 *
 * A verdict is remembered per object version (`uid` and `resourceVersion`)
 * and script: a script is a function of the object, and a slow or runaway
 * one must not cost its time limit again on every pass of the engine.
 */
export function healthScriptCheck(
  scripts: () => readonly HealthScript[],
  runner: LuaHealthScriptRunner,
): ResourceHealthCheck {
  const find = (object: Pick<KubernetesObject, 'apiVersion' | 'kind'>) =>
    findHealthScript(scripts(), apiGroupOf(object.apiVersion), object.kind);
  const verdicts = new Map<
    string,
    HealthAssessment | undefined | NoHealthError
  >();
  const scriptIds = new Map<string, number>();
  const scriptId = (text: string) => {
    let id = scriptIds.get(text);
    if (id === undefined) {
      id = scriptIds.size;
      scriptIds.set(text, id);
    }
    return id;
  };
  return {
    supports: object => find(object) !== undefined,
    assess(object) {
      const script = find(object);
      if (!script) {
        return undefined;
      }
      const uid = readString(object, 'metadata.uid');
      const resourceVersion = readString(object, 'metadata.resourceVersion');
      const key =
        uid && resourceVersion
          ? `${scriptId(script.script)}/${uid}/${resourceVersion}`
          : undefined;
      let verdict = key === undefined ? undefined : verdicts.get(key);
      if (key === undefined || !verdicts.has(key)) {
        const group = apiGroupOf(object.apiVersion);
        try {
          verdict = runner.run(
            script.script,
            object,
            `for ${group ? `${group}/` : ''}${object.kind} (${script.source})`,
          );
        } catch (error) {
          if (!(error instanceof NoHealthError)) {
            throw error;
          }
          verdict = error;
        }
        if (key !== undefined) {
          if (verdicts.size >= CACHE_SIZE) {
            // Maps iterate in insertion order: the oldest verdict goes first.
            verdicts.delete(verdicts.keys().next().value!);
          }
          verdicts.set(key, verdict);
        }
      }
      if (verdict instanceof NoHealthError) {
        throw verdict;
      }
      return verdict;
    },
  };
}
