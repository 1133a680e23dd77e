/**
 * The program of the worker thread that runs health scripts, as CommonJS
 * source for `new Worker(source, { eval: true })`: the Lua VM lives in its
 * own thread so a run that hangs inside one C call (where no Lua hook fires)
 * can be ended by terminating the thread, and so it loads wasmoon with
 * Node's own loader (wasmoon's glue uses a dynamic `import()`).
 *
 * `workerData`: `port` (replies), `sync` (an `Int32Array` over shared
 * memory: [0] is set to 1 when a reply is posted, [1] to 1 once the VM is
 * loaded or 2 if it failed to load), `wasmoonPath`, `prelude` and `limits`.
 * A request is `{ script, object }`; a reply is `{ result }` with the
 * returned value's `type`, `status` and `message`, or `{ error, stopped }`.
 */
export const LUA_HEALTH_WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const { port, sync, wasmoonPath, prelude, limits } = workerData;
const { LuaFactory, LuaEngine, LuaLibraries, LuaEventMasks } = require(wasmoonPath);

const HOOK_INTERVAL = 1000;
const LIBRARIES = [LuaLibraries.Base, LuaLibraries.Table, LuaLibraries.String, LuaLibraries.Math];

function reply(message) {
  port.postMessage(message);
  Atomics.store(sync, 0, 1);
  Atomics.notify(sync, 0);
}

new LuaFactory().getLuaModule().then(lua => {
  let executed = 0;
  let deadline = 0;
  let stopReason;
  // One hook for the thread's lifetime; each run's state installs it.
  const hook = lua.module.addFunction(state => {
    executed += HOOK_INTERVAL;
    if (executed > limits.instructions) {
      stopReason = 'exceeded its limit of ' + limits.instructions + ' instructions';
    } else if (Date.now() > deadline) {
      stopReason = 'exceeded its time limit of ' + limits.timeoutMs + ' ms';
    } else {
      return;
    }
    lua.lua_pushstring(state, stopReason);
    lua.lua_error(state);
  }, 'vii');

  function run(script, object) {
    const engine = new LuaEngine(lua, {
      openStandardLibs: false,
      injectObjects: false,
      enableProxy: false,
      traceAllocations: true,
    });
    try {
      for (const library of LIBRARIES) {
        engine.global.loadLibrary(library);
      }
      engine.doStringSync(prelude);
      // JSON null is nil in Lua; wasmoon cannot push a null itself.
      engine.global.set('obj', JSON.parse(JSON.stringify(object), (_, value) => (value === null ? undefined : value)));
      engine.global.setMemoryMax(engine.global.getMemoryUsed() + limits.memoryBytes);
      executed = 0;
      deadline = Date.now() + limits.timeoutMs;
      stopReason = undefined;
      lua.lua_sethook(engine.global.address, hook, LuaEventMasks.Count, HOOK_INTERVAL);
      let value;
      try {
        value = engine.doStringSync(script);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (stopReason) {
          return { error: stopReason, stopped: true };
        }
        if (message === 'not enough memory') {
          return { error: 'exceeded its memory limit of ' + limits.memoryBytes + ' bytes', stopped: true };
        }
        return { error: message, stopped: false };
      }
      const type = value === null || value === undefined ? 'nil' : Array.isArray(value) ? 'array' : typeof value;
      if (type !== 'object') {
        return { result: { type } };
      }
      const text = field => {
        const part = value[field];
        return typeof part === 'string' || typeof part === 'number' || typeof part === 'bigint' ? String(part) : part === undefined || part === null ? undefined : '(' + typeof part + ')';
      };
      return { result: { type, status: text('status'), message: text('message') } };
    } finally {
      lua.lua_sethook(engine.global.address, null, 0, 0);
      engine.global.close();
    }
  }

  port.on('message', ({ script, object }) => {
    let answer;
    try {
      answer = run(script, object);
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error), stopped: false };
    }
    reply(answer);
  });
  Atomics.store(sync, 1, 1);
  Atomics.notify(sync, 1);
}, error => {
  port.postMessage({ error: 'could not load the Lua VM: ' + (error instanceof Error ? error.message : String(error)) });
  Atomics.store(sync, 1, 2);
  Atomics.notify(sync, 1);
});
`;
