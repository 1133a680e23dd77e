import { HEALTH_STATUSES_BEST_FIRST } from '@slipway/plugin-gitops-common';
import {
  HealthAssessment,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import {
  LuaEngine,
  LuaEventMasks,
  LuaFactory,
  LuaLibraries,
  LuaWasm,
} from 'wasmoon';
import { NoHealthError } from './NoHealthError';
import { isRecord } from './readField';

/** What one run of a health script may use. */
export interface HealthScriptLimits {
  /** Lua VM instructions (counted in steps of {@link HOOK_INTERVAL}). */
  instructions: number;
  /** Bytes the script may allocate beyond the object it is given. */
  memoryBytes: number;
  /** Wall-clock time, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_HEALTH_SCRIPT_LIMITS: HealthScriptLimits = {
  instructions: 1_000_000,
  memoryBytes: 8 * 1024 * 1024,
  timeoutMs: 100,
};

/** How often, in VM instructions, the hook checks the limits. */
const HOOK_INTERVAL = 1000;

/**
 * Lua 5.1 names that Lua 5.4 dropped, for scripts written for Argo CD's
 * gopher-lua; and what the sandbox takes away: files, code loading, the
 * collector, printing to the backend's output and bytecode.
 */
const PRELUDE = `
unpack = table.unpack
table.getn = function(t) return #t end
math.pow = function(x, y) return x ^ y end
math.mod = math.fmod
dofile, loadfile, load, loadstring, require = nil, nil, nil, nil, nil
collectgarbage, print, warn = nil, nil, nil
string.dump = nil
`;

/** Libraries a health script may use; no `io`, `os`, `package`, `debug` or `coroutine`. */
const LIBRARIES = [
  LuaLibraries.Base,
  LuaLibraries.Table,
  LuaLibraries.String,
  LuaLibraries.Math,
];

const STATUSES = new Set<string>(HEALTH_STATUSES_BEST_FIRST);

/**
 * Runs Argo CD-style health scripts (`resource.customizations.health.*` of
 * `argocd-cm`): Lua with the live object as the global `obj`, returning
 * `{ status = "…", message = "…" }`. Each run gets a fresh Lua state (Lua
 * 5.4 in WebAssembly, with the Lua 5.1 names Argo CD scripts use) holding
 * only the base, table, string and math libraries, and is stopped after
 * {@link HealthScriptLimits} instructions, milliseconds or bytes. A script
 * that fails, runs out of a limit or returns no valid status throws
 * {@link NoHealthError}: the object gets no health rather than a guess.
 */
export class LuaHealthScriptRunner {
  private executed = 0;
  private deadline = 0;
  private stopReason: string | undefined;
  private readonly hook: number;

  static async create(
    limits: Partial<HealthScriptLimits> = {},
  ): Promise<LuaHealthScriptRunner> {
    const lua = await new LuaFactory().getLuaModule();
    return new LuaHealthScriptRunner(lua, {
      ...DEFAULT_HEALTH_SCRIPT_LIMITS,
      ...limits,
    });
  }

  private constructor(
    private readonly lua: LuaWasm,
    readonly limits: HealthScriptLimits,
  ) {
    // One hook for the runner's lifetime: a state's hook is a pointer into
    // the module's function table, and every run installs the same one.
    this.hook = lua.module.addFunction((state: number) => {
      this.executed += HOOK_INTERVAL;
      if (this.executed > this.limits.instructions) {
        this.stopReason = `exceeded its limit of ${this.limits.instructions} instructions`;
      } else if (Date.now() > this.deadline) {
        this.stopReason = `exceeded its time limit of ${this.limits.timeoutMs} ms`;
      } else {
        return;
      }
      lua.lua_pushstring(state, this.stopReason);
      lua.lua_error(state);
    }, 'vii');
  }

  /**
   * Runs `script` on `object`. `undefined` when the script returns nothing
   * or an empty status (the kind has no health, as in Argo CD).
   */
  run(
    script: string,
    object: KubernetesObject,
    name: string,
  ): HealthAssessment | undefined {
    if (script.startsWith('\x1b')) {
      throw new NoHealthError(
        `Health script ${name} is precompiled bytecode; only Lua source is run`,
      );
    }
    const engine = new LuaEngine(this.lua, {
      openStandardLibs: false,
      injectObjects: false,
      enableProxy: false,
      traceAllocations: true,
    });
    try {
      for (const library of LIBRARIES) {
        engine.global.loadLibrary(library);
      }
      engine.doStringSync(PRELUDE);
      engine.global.set('obj', object);
      engine.global.setMemoryMax(
        engine.global.getMemoryUsed() + this.limits.memoryBytes,
      );
      this.executed = 0;
      this.deadline = Date.now() + this.limits.timeoutMs;
      this.stopReason = undefined;
      this.lua.lua_sethook(
        engine.global.address,
        this.hook,
        LuaEventMasks.Count,
        HOOK_INTERVAL,
      );
      let result: unknown;
      try {
        result = engine.doStringSync(script);
      } catch (error) {
        throw new NoHealthError(
          `Health script ${name} ${this.describeFailure(error)}`,
        );
      }
      return toAssessment(result, name);
    } finally {
      this.lua.lua_sethook(engine.global.address, null, 0, 0);
      engine.global.close();
    }
  }

  private describeFailure(error: unknown): string {
    if (this.stopReason) {
      return `was stopped: it ${this.stopReason}`;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'not enough memory') {
      return `was stopped: it exceeded its memory limit of ${this.limits.memoryBytes} bytes`;
    }
    // `[string "hs = {}…"]:3: …` names the chunk by its first line.
    return `failed: ${message.replace(/^\[string ".*?"\]:(\d+):/, 'line $1:')}`;
  }
}

function toAssessment(
  result: unknown,
  name: string,
): HealthAssessment | undefined {
  if (result === undefined || result === null) {
    return undefined;
  }
  if (!isRecord(result)) {
    throw new NoHealthError(
      `Health script ${name} returned a ${typeof result}, not a table with status and message`,
    );
  }
  const { status, message } = result;
  if (status === undefined || status === null || status === '') {
    return undefined;
  }
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    throw new NoHealthError(
      `Health script ${name} returned status ${JSON.stringify(
        status,
      )}; expected one of ${[...STATUSES].join(', ')}`,
    );
  }
  const text =
    typeof message === 'string' ||
    typeof message === 'number' ||
    typeof message === 'bigint'
      ? String(message)
      : undefined;
  return {
    status: status as HealthAssessment['status'],
    ...(text ? { message: text } : {}),
  };
}
