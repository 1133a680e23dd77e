import { promises as fs } from 'fs';
import { Worker } from 'worker_threads';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * What a Go module may ask of the repository it renders: repository-relative
 * paths, answered from the snapshot (limits and read recording included),
 * and whatever else its host offers (kustomize asks for Helm).
 */
export interface SnapshotHost {
  stat(path: string): Promise<'file' | 'directory' | undefined>;
  readFile(path: string): Promise<Uint8Array>;
  readDirectory(path: string): Promise<string[]>;
}

/**
 * Which module: `<name>.wasm` in {@link goWasmFolder}; the name also names
 * the module in errors. Go's `os` package sees a read-only file system of
 * the call's snapshot at /repo plus the call's scratch files, one call at a
 * time (Helm reads with `os`).
 */
export interface GoWasmModule {
  name: 'helm';
}

/** Thrown when a call outlives its time limit; the module is restarted. */
export class GoWasmTimeoutError extends Error {}

/** Where kustomize/build.sh puts the modules; `npm pack` ships the folder. */
export function goWasmFolder(): string {
  return resolvePackagePath(
    '@slipway/plugin-gitops-backend',
    'kustomize',
    'dist',
  );
}

// The worker: Go's wasm_exec.js loader, then the module, whose exported
// functions read files by asking the main thread (which holds the snapshot)
// and waiting for the answer. Go's standard output is dropped when it is a
// deprecation note; anything else (a Go panic) goes to standard error.
// Without `fetch`, Go's HTTP client has no network (the module also refuses
// HTTP). `fs` answers Go's `os` calls from the current call's snapshot
// (below /repo, read-only) and scratch files, and nothing else.
const workerSource = `
const { parentPort, workerData } = require('worker_threads');
const { constants } = require('fs');
const { posix } = require('path');
delete globalThis.fetch;

const reads = new Map();
let nextRead = 0;
const ask = (call, op, args) =>
  new Promise((resolve, reject) => {
    const read = nextRead++;
    reads.set(read, { resolve, reject });
    parentPort.postMessage({ type: 'read', call, read, op, args });
  });

let mounted;
const fail = code => Object.assign(new Error(code), { code });
const readOnly = (...args) => args[args.length - 1](fail('EROFS'));
const writeBits = constants.O_WRONLY | constants.O_RDWR | constants.O_CREAT |
  constants.O_TRUNC | constants.O_APPEND;
const stats = (type, size) => ({
  dev: 0, ino: 0, nlink: 1, uid: 0, gid: 0, rdev: 0, size, blksize: 4096,
  blocks: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0,
  mode: type === 'directory' ? constants.S_IFDIR | 0o555 : constants.S_IFREG | 0o444,
  isDirectory: () => type === 'directory',
});
const repoPath = path => {
  const clean = posix.normalize(path);
  if (clean === '/repo') return '.';
  return clean.startsWith('/repo/') ? clean.slice(6) : undefined;
};
// What is at a path: { type, content? }, or undefined.
const lookUp = async path => {
  if (!mounted) return undefined;
  const clean = posix.normalize(path);
  const scratch = mounted.files[clean];
  if (scratch) return { type: 'file', content: scratch };
  if (Object.keys(mounted.files).some(name => name.startsWith(clean + '/'))) {
    return { type: 'directory' };
  }
  const key = repoPath(clean);
  if (key === undefined) return undefined;
  const type = await ask(mounted.call, 'stat', [key]);
  return type ? { type, key } : undefined;
};
const answer = (callback, work) =>
  work().then(value => callback(null, value), error =>
    callback(error && error.code ? error : fail('EIO')));
const open = new Map();
let nextFd = 100;
globalThis.fs = {
  constants,
  writeSync: () => 0,
  write(fd, buffer, offset, length, position, callback) {
    callback(null, globalThis.fs.writeSync(fd, buffer.subarray(offset, offset + length)));
  },
  stat: (path, callback) => answer(callback, async () => {
    const entry = await lookUp(path);
    if (!entry) throw fail('ENOENT');
    return stats(entry.type, entry.content ? entry.content.length : 0);
  }),
  lstat: (path, callback) => globalThis.fs.stat(path, callback),
  open: (path, flags, mode, callback) => answer(callback, async () => {
    if (flags & writeBits) throw fail('EROFS');
    const entry = await lookUp(path);
    if (!entry) throw fail('ENOENT');
    if (entry.type === 'file' && !entry.content) {
      entry.content = await ask(mounted.call, 'readFile', [entry.key]);
    }
    const fd = nextFd++;
    open.set(fd, { ...entry, position: 0 });
    return fd;
  }),
  fstat: (fd, callback) => answer(callback, async () => {
    const file = open.get(fd);
    if (!file) throw fail('EBADF');
    return stats(file.type, file.content ? file.content.length : 0);
  }),
  read(fd, buffer, offset, length, position, callback) {
    const file = open.get(fd);
    if (!file) return callback(fail('EBADF'));
    if (file.type !== 'file') return callback(fail('EISDIR'));
    const start = position === null || position === undefined ? file.position : position;
    const bytes = file.content.subarray(start, start + length);
    buffer.set(bytes, offset);
    if (position === null || position === undefined) file.position += bytes.length;
    return callback(null, bytes.length);
  },
  readdir: (path, callback) => answer(callback, async () => {
    if (!mounted) throw fail('ENOENT');
    const clean = posix.normalize(path);
    const scratch = Object.keys(mounted.files)
      .filter(name => name.startsWith(clean + '/'))
      .map(name => name.slice(clean.length + 1).split('/')[0]);
    const key = repoPath(clean);
    const names = key === undefined ? [] : await ask(mounted.call, 'readDirectory', [key]);
    return [...new Set([...names, ...scratch])];
  }),
  close(fd, callback) {
    open.delete(fd);
    callback(null);
  },
  fsync: (fd, callback) => callback(null),
  readlink: (path, callback) => callback(fail('EINVAL')),
  chmod: readOnly, chown: readOnly, fchmod: readOnly, fchown: readOnly,
  ftruncate: readOnly, lchown: readOnly, link: readOnly, mkdir: readOnly,
  rename: readOnly, rmdir: readOnly, symlink: readOnly, truncate: readOnly,
  unlink: readOnly, utimes: readOnly,
};

new Function(workerData.loader)();
const decoder = new TextDecoder();
let pending = '';
globalThis.fs.writeSync = (fd, buffer) => {
  pending += decoder.decode(buffer);
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    if (!line.startsWith('# Warning: ')) {
      process.stderr.write(workerData.name + '.wasm: ' + line + '\\n');
    }
  }
  return buffer.length;
};
const go = new Go();
go.env = { SLIPWAY_WASM_EXPORT: 'slipwayWasm' };

// Calls run one after another: Go's file calls do not say which call they
// belong to.
let queue = Promise.resolve();
parentPort.on('message', message => {
  if (message.type === 'answer') {
    const read = reads.get(message.read);
    reads.delete(message.read);
    if (message.error !== undefined) {
      read.reject(new Error(message.error));
    } else {
      read.resolve(message.value);
    }
  } else if (message.type === 'call') {
    const { call, method, args, files } = message;
    const done = result =>
      parentPort.postMessage({ type: 'done', call, result: { ...result } });
    const api = globalThis.slipwayWasm;
    queue = queue
      .then(() => {
        mounted = { call, files: files || {} };
        return api[method](...args).then(done);
      })
      .catch(() => undefined);
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
      call: number;
      read: number;
      op: string;
      args: unknown[];
    }
  | { type: 'done'; call: number; result: unknown };

type Host = Record<string, (...args: any[]) => Promise<unknown>>;

interface PendingCall {
  host: Host;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const compiled = new Map<
  string,
  Promise<{ module: WebAssembly.Module; loader: string }>
>();

async function compile(name: string) {
  const folder = goWasmFolder();
  let bytes: Buffer;
  let loader: string;
  try {
    [bytes, loader] = await Promise.all([
      fs.readFile(`${folder}/${name}.wasm`),
      fs.readFile(`${folder}/wasm_exec.js`, 'utf8'),
    ]);
  } catch (error) {
    throw new Error(
      `${name}.wasm is not built (${folder}): run plugins/gitops-backend/kustomize/build.sh, which scripts/setup.sh runs (${error})`,
    );
  }
  return { module: await WebAssembly.compile(bytes), loader };
}

/**
 * A Go program compiled to WebAssembly (Helm), running in a worker thread of
 * this process: compiled and started once, so a call is a message, and the
 * program's CPU time never blocks the backend's event loop. Calls queue one
 * after another; each reads its snapshot through a host on the main thread
 * while Go waits. A call that outlives its time limit ends the worker (and
 * the calls in it); the next call starts a new one.
 */
export class GoWasmWorker {
  static readonly #shared = new Map<string, Promise<GoWasmWorker>>();

  readonly #module: GoWasmModule;
  readonly #worker: Worker;
  readonly #calls = new Map<number, PendingCall>();
  #nextCall = 0;
  #ended = false;

  private constructor(module: GoWasmModule, worker: Worker) {
    this.#module = module;
    this.#worker = worker;
  }

  /**
   * The module's worker in this process, started on first use and after it
   * ended; the process stays up while it starts for a caller.
   */
  static async shared(module: GoWasmModule): Promise<GoWasmWorker> {
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      return await GoWasmWorker.#get(module);
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Starts the module in the background, if it is not running yet. */
  static warm(module: GoWasmModule): void {
    GoWasmWorker.#get(module).catch(() => undefined);
  }

  static async #get(module: GoWasmModule): Promise<GoWasmWorker> {
    const current = GoWasmWorker.#shared.get(module.name);
    if (current) {
      const wasm = await current.catch(() => undefined);
      if (wasm && !wasm.#ended) {
        return wasm;
      }
    }
    const next = GoWasmWorker.#start(module);
    GoWasmWorker.#shared.set(module.name, next);
    next.catch(() => {
      if (GoWasmWorker.#shared.get(module.name) === next) {
        GoWasmWorker.#shared.delete(module.name);
      }
    });
    return next;
  }

  static async #start(module: GoWasmModule): Promise<GoWasmWorker> {
    let compiling = compiled.get(module.name);
    if (!compiling) {
      compiling = compile(module.name);
      compiled.set(module.name, compiling);
      compiling.catch(() => compiled.delete(module.name));
    }
    const { module: wasmModule, loader } = await compiling;
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        module: wasmModule,
        loader,
        name: module.name,
      },
    });
    const wasm = new GoWasmWorker(module, worker);
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
        const error = new Error(
          `${module.name}.wasm stopped (exit code ${code})`,
        );
        reject(error);
        wasm.#end(error);
      });
    });
    // An idle or starting module must not keep the process running (a
    // call in flight does, through its timer). After the listeners: adding
    // a 'message' listener refs the worker's port again.
    worker.unref();
    await ready;
    return wasm;
  }

  /**
   * Calls one of the module's exported functions; rejects with
   * {@link GoWasmTimeoutError} after `timeoutMs`. `files` are the call's
   * scratch files.
   */
  call(
    host: Host,
    method: string,
    args: unknown[],
    timeoutMs: number,
    files?: Record<string, Uint8Array>,
  ): Promise<unknown> {
    const name = this.#module.name;
    if (this.#ended) {
      return Promise.reject(new Error(`${name}.wasm has stopped`));
    }
    const call = this.#nextCall++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#calls.delete(call);
        reject(
          new GoWasmTimeoutError(`${name} took longer than ${timeoutMs} ms`),
        );
        this.#end(
          new Error(`${name}.wasm restarted: another render ran too long`),
        );
      }, timeoutMs);
      this.#calls.set(call, { host, resolve, reject, timer });
      this.#worker.postMessage({ type: 'call', call, method, args, files });
    });
  }

  #receive(message: WorkerMessage): void {
    if (message.type === 'done') {
      const pending = this.#calls.get(message.call);
      if (pending) {
        this.#calls.delete(message.call);
        clearTimeout(pending.timer);
        pending.resolve(message.result);
      }
    } else if (message.type === 'read') {
      const pending = this.#calls.get(message.call);
      const op = pending?.host[message.op];
      const answer = op
        ? op(...message.args)
        : Promise.reject(
            new Error(
              pending ? `no ${message.op} here` : 'the render was abandoned',
            ),
          );
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
    for (const pending of this.#calls.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#calls.clear();
    this.#worker.terminate().catch(() => undefined);
  }
}
