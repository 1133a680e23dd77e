import { promises as fs } from 'fs';
import { Worker } from 'worker_threads';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * What kustomize may ask of the repository it renders: repository-relative
 * paths, answered from the snapshot (limits and read recording included).
 */
export interface KustomizeHost {
  stat(path: string): Promise<'file' | 'directory' | undefined>;
  readFile(path: string): Promise<Uint8Array>;
  readDirectory(path: string): Promise<string[]>;
}

/** One `kustomize build`: its YAML output, or kustomize's error. */
export interface KustomizeBuild {
  yaml?: string;
  error?: string;
  /** Paths outside the repository kustomize tried to reach. */
  escaped?: string[];
}

/** Thrown when a build outlives its time limit; the module is restarted. */
export class KustomizeTimeoutError extends Error {}

/** Where build.sh puts the module; `npm pack` ships the folder. */
export function kustomizeWasmFolder(): string {
  return resolvePackagePath(
    '@slipway/plugin-gitops-backend',
    'kustomize',
    'dist',
  );
}

// The worker: Go's wasm_exec.js loader, then kustomize.wasm, whose `build`
// reads files by asking the main thread (which holds the snapshot) and
// waiting for the answer. Go's standard output carries kustomize's
// deprecation notes, one per old field per kustomization: dropped; anything
// else (a Go panic) goes to standard error. wasm_exec.js gives Go a stub
// `fs` that fails every call, so kustomize has no disk; without `fetch`,
// Go's HTTP client has no network either (the module also refuses HTTP).
const workerSource = `
const { parentPort, workerData } = require('worker_threads');
delete globalThis.fetch;
new Function(workerData.loader)();
const decoder = new TextDecoder();
let pending = '';
globalThis.fs.writeSync = (fd, buffer) => {
  pending += decoder.decode(buffer);
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    if (!line.startsWith('# Warning: ')) {
      process.stderr.write('kustomize.wasm: ' + line + '\\n');
    }
  }
  return buffer.length;
};
const go = new Go();
go.env = { SLIPWAY_KUSTOMIZE_EXPORT: 'slipwayKustomize' };
const reads = new Map();
let nextRead = 0;
const ask = (build, op, path) =>
  new Promise((resolve, reject) => {
    const read = nextRead++;
    reads.set(read, { resolve, reject });
    parentPort.postMessage({ type: 'read', build, read, op, path });
  });
parentPort.on('message', message => {
  if (message.type === 'answer') {
    const read = reads.get(message.read);
    reads.delete(message.read);
    if (message.error !== undefined) {
      read.reject(new Error(message.error));
    } else {
      read.resolve(message.value);
    }
  } else if (message.type === 'build') {
    const build = message.build;
    const host = {
      stat: path => ask(build, 'stat', path),
      readFile: path => ask(build, 'readFile', path),
      readDirectory: path => ask(build, 'readDirectory', path),
    };
    globalThis.slipwayKustomize.build(host, message.path).then(result =>
      parentPort.postMessage({
        type: 'done',
        build,
        result: { yaml: result.yaml, error: result.error, escaped: result.escaped },
      }),
    );
  }
});
WebAssembly.instantiate(workerData.module, go.importObject).then(instance => {
  go.run(instance);
  parentPort.postMessage({ type: 'ready' });
});
`;

type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'read';
      build: number;
      read: number;
      op: keyof KustomizeHost;
      path: string;
    }
  | { type: 'done'; build: number; result: KustomizeBuild };

interface PendingBuild {
  host: KustomizeHost;
  resolve(result: KustomizeBuild): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

let compiled:
  | Promise<{ module: WebAssembly.Module; loader: string }>
  | undefined;

async function compile() {
  const folder = kustomizeWasmFolder();
  let bytes: Buffer;
  let loader: string;
  try {
    [bytes, loader] = await Promise.all([
      fs.readFile(`${folder}/kustomize.wasm`),
      fs.readFile(`${folder}/wasm_exec.js`, 'utf8'),
    ]);
  } catch (error) {
    throw new Error(
      `kustomize.wasm is not built (${folder}): run plugins/gitops-backend/kustomize/build.sh, which scripts/setup.sh runs (${error})`,
    );
  }
  return { module: await WebAssembly.compile(bytes), loader };
}

/**
 * kustomize's own Go code (sigs.k8s.io/kustomize/api) compiled to
 * WebAssembly, running in a worker thread of this process: compiled and
 * started once, so a render is a message, and kustomize's CPU time never
 * blocks the backend's event loop. Renders may overlap; each reads its
 * snapshot through a {@link KustomizeHost} on the main thread while
 * kustomize waits. A render that outlives its time limit ends the worker
 * (and the renders in it); the next render starts a new one.
 */
export class KustomizeWasm {
  static #shared: Promise<KustomizeWasm> | undefined;

  readonly #worker: Worker;
  readonly #builds = new Map<number, PendingBuild>();
  #nextBuild = 0;
  #ended = false;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /**
   * The module of this process, started on first use and after it ended;
   * the process stays up while it starts for a caller.
   */
  static async shared(): Promise<KustomizeWasm> {
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      return await KustomizeWasm.#get();
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Starts the module in the background, if it is not running yet. */
  static warm(): void {
    KustomizeWasm.#get().catch(() => undefined);
  }

  static async #get(): Promise<KustomizeWasm> {
    const current = KustomizeWasm.#shared;
    if (current) {
      const wasm = await current.catch(() => undefined);
      if (wasm && !wasm.#ended) {
        return wasm;
      }
    }
    const next = KustomizeWasm.#start();
    KustomizeWasm.#shared = next;
    next.catch(() => {
      if (KustomizeWasm.#shared === next) {
        KustomizeWasm.#shared = undefined;
      }
    });
    return next;
  }

  static async #start(): Promise<KustomizeWasm> {
    compiled ??= compile();
    compiled.catch(() => {
      compiled = undefined;
    });
    const { module, loader } = await compiled;
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { module, loader },
    });
    const wasm = new KustomizeWasm(worker);
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          resolve();
        } else {
          wasm.#receive(message);
        }
      });
      worker.on('error', (error: Error) => {
        reject(error);
        wasm.#end(error);
      });
      worker.on('exit', code => {
        const error = new Error(`kustomize.wasm stopped (exit code ${code})`);
        reject(error);
        wasm.#end(error);
      });
    });
    // An idle or starting module must not keep the process running (a
    // build in flight does, through its timer). After the listeners: adding
    // a 'message' listener refs the worker's port again.
    worker.unref();
    await ready;
    return wasm;
  }

  /**
   * Runs `kustomize build` on a repository folder (`.` for the root);
   * rejects with {@link KustomizeTimeoutError} after `timeoutMs`.
   */
  build(
    host: KustomizeHost,
    path: string,
    timeoutMs: number,
  ): Promise<KustomizeBuild> {
    if (this.#ended) {
      return Promise.reject(new Error('kustomize.wasm has stopped'));
    }
    const build = this.#nextBuild++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#builds.delete(build);
        reject(
          new KustomizeTimeoutError(
            `kustomize took longer than ${timeoutMs} ms`,
          ),
        );
        this.#end(
          new Error('kustomize.wasm restarted: another render ran too long'),
        );
      }, timeoutMs);
      this.#builds.set(build, { host, resolve, reject, timer });
      this.#worker.postMessage({ type: 'build', build, path });
    });
  }

  #receive(message: WorkerMessage): void {
    if (message.type === 'done') {
      const pending = this.#builds.get(message.build);
      if (pending) {
        this.#builds.delete(message.build);
        clearTimeout(pending.timer);
        pending.resolve(message.result);
      }
    } else if (message.type === 'read') {
      const pending = this.#builds.get(message.build);
      const answer = pending
        ? pending.host[message.op](message.path)
        : Promise.reject(new Error('the render was abandoned'));
      answer.then(
        value =>
          !this.#ended &&
          this.#worker.postMessage({
            type: 'answer',
            read: message.read,
            value,
          }),
        (error: unknown) =>
          !this.#ended &&
          this.#worker.postMessage({
            type: 'answer',
            read: message.read,
            error: error instanceof Error ? error.message : String(error),
          }),
      );
    }
  }

  #end(error: Error): void {
    if (this.#ended) {
      return;
    }
    this.#ended = true;
    for (const pending of this.#builds.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#builds.clear();
    this.#worker.terminate().catch(() => undefined);
  }
}
