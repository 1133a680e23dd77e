import { HEALTH_STATUSES_BEST_FIRST } from '@slipway/plugin-gitops-common';
import {
  HealthAssessment,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import {
  MessageChannel,
  MessagePort,
  Worker,
  receiveMessageOnPort,
} from 'node:worker_threads';
import { LUA_HEALTH_WORKER_SOURCE } from './luaHealthWorkerSource';
import { NoHealthError } from './NoHealthError';

/** What one run of a health script may use. */
export interface HealthScriptLimits {
  /** Lua VM instructions (checked every 1000). */
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

/**
 * How much longer than its time limit a run may take before the thread is
 * ended: the hook stops a Lua loop on time, this catches one C call that
 * never returns (a pathological pattern match).
 */
const HANG_GRACE_MS = 1000;

/** How long the Lua VM may take to load. */
const LOAD_TIMEOUT_MS = 30_000;

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

const STATUSES = new Set<string>(HEALTH_STATUSES_BEST_FIRST);

interface WorkerReply {
  result?: { type: string; status?: string; message?: string };
  error?: string;
  stopped?: boolean;
}

/**
 * Runs Argo CD-style health scripts (`resource.customizations.health.*` of
 * `argocd-cm`): Lua with the live object as the global `obj`, returning
 * `{ status = "…", message = "…" }`. Scripts run in a worker thread, each
 * in a fresh Lua state (Lua 5.4 in WebAssembly, with the Lua 5.1 names
 * Argo CD scripts use) holding only the base, table, string and math
 * libraries, and are stopped after {@link HealthScriptLimits} instructions,
 * milliseconds or bytes; a run that hangs where no Lua hook fires ends the
 * thread, and the next run starts a new one. A script that fails, runs out
 * of a limit or returns no valid status throws {@link NoHealthError}: the
 * object gets no health rather than a guess.
 *
 * `run` is synchronous, like every health check: it waits for the thread.
 */
export class LuaHealthScriptRunner {
  private readonly sync = new Int32Array(new SharedArrayBuffer(8));
  private worker?: Worker;
  private port?: MessagePort;

  static async create(
    limits: Partial<HealthScriptLimits> = {},
  ): Promise<LuaHealthScriptRunner> {
    const runner = new LuaHealthScriptRunner({
      ...DEFAULT_HEALTH_SCRIPT_LIMITS,
      ...limits,
    });
    runner.start();
    const started = Date.now();
    while (
      Atomics.load(runner.sync, 1) === 0 &&
      Date.now() - started < LOAD_TIMEOUT_MS
    ) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    runner.assertLoaded();
    return runner;
  }

  private constructor(readonly limits: HealthScriptLimits) {}

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
    if (!this.worker) {
      this.start();
    }
    if (Atomics.load(this.sync, 1) === 0) {
      Atomics.wait(this.sync, 1, 0, LOAD_TIMEOUT_MS);
    }
    this.assertLoaded();
    Atomics.store(this.sync, 0, 0);
    this.port!.postMessage({ script, object });
    Atomics.wait(this.sync, 0, 0, this.limits.timeoutMs + HANG_GRACE_MS);
    const reply = receiveMessageOnPort(this.port!)?.message as
      | WorkerReply
      | undefined;
    if (!reply) {
      this.stop();
      throw new NoHealthError(
        `Health script ${name} was stopped: it did not return within ${
          this.limits.timeoutMs + HANG_GRACE_MS
        } ms, and its Lua VM was ended`,
      );
    }
    if (reply.error !== undefined) {
      throw new NoHealthError(
        reply.stopped
          ? `Health script ${name} was stopped: it ${reply.error}`
          : `Health script ${name} failed: ${reply.error.replace(
              /^\[string ".*?"\]:(\d+):/,
              'line $1:',
            )}`,
      );
    }
    return toAssessment(reply.result!, name);
  }

  /** Ends the worker thread; a later run starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.stop();
    await worker?.terminate();
  }

  private start() {
    Atomics.store(this.sync, 0, 0);
    Atomics.store(this.sync, 1, 0);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(LUA_HEALTH_WORKER_SOURCE, {
      eval: true,
      workerData: {
        port: port2,
        sync: this.sync,
        wasmoonPath: require.resolve('wasmoon'),
        prelude: PRELUDE,
        limits: this.limits,
      },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    // The thread must not keep the backend alive, nor crash it.
    worker.unref();
    worker.on('error', () => {
      if (this.worker === worker) {
        this.stop();
      }
    });
    this.worker = worker;
    this.port = port1;
  }

  private stop() {
    this.worker?.terminate().catch(() => {});
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }

  private assertLoaded() {
    if (Atomics.load(this.sync, 1) === 1) {
      return;
    }
    const failure = this.port && receiveMessageOnPort(this.port)?.message;
    this.stop();
    throw new NoHealthError(
      `The Lua VM for health scripts did not start: ${
        (failure as WorkerReply | undefined)?.error ??
        `not loaded within ${LOAD_TIMEOUT_MS} ms`
      }`,
    );
  }
}

function toAssessment(
  result: NonNullable<WorkerReply['result']>,
  name: string,
): HealthAssessment | undefined {
  if (result.type === 'nil') {
    return undefined;
  }
  if (result.type !== 'object') {
    throw new NoHealthError(
      `Health script ${name} returned a ${
        result.type === 'array' ? 'list' : result.type
      }, not a table with status and message`,
    );
  }
  const { status, message } = result;
  if (status === undefined || status === '') {
    return undefined;
  }
  if (!STATUSES.has(status)) {
    throw new NoHealthError(
      `Health script ${name} returned status ${JSON.stringify(
        status,
      )}; expected one of ${[...STATUSES].join(', ')}`,
    );
  }
  return {
    status: status as HealthAssessment['status'],
    ...(message ? { message } : {}),
  };
}
