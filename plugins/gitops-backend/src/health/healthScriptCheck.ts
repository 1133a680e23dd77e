import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from './apiGroupOf';
import { HealthScript, findHealthScript } from './healthScripts';
import { LuaHealthScriptRunner } from './LuaHealthScriptRunner';

/**
 * A health check that runs the Lua script configured for an object's kind
 * (see {@link findHealthScript}); it supports only kinds some script
 * matches. `scripts` is read on every call, so a refreshed list applies at
 * the next assessment.
 */
export function healthScriptCheck(
  scripts: () => readonly HealthScript[],
  runner: LuaHealthScriptRunner,
): ResourceHealthCheck {
  const find = (object: { apiVersion: string; kind: string }) =>
    findHealthScript(scripts(), apiGroupOf(object.apiVersion), object.kind);
  return {
    supports: object => find(object) !== undefined,
    assess(object) {
      const script = find(object);
      if (!script) {
        return undefined;
      }
      const group = apiGroupOf(object.apiVersion);
      return runner.run(
        script.script,
        object,
        `for ${group ? `${group}/` : ''}${object.kind} (${script.source})`,
      );
    },
  };
}
