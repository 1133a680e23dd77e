import { promises as fs } from 'fs';
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

interface GoRuntime {
  env: Record<string, string>;
  importObject: WebAssembly.Imports;
  exited: boolean;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface KustomizeExports {
  build(host: KustomizeHost, path: string): Promise<KustomizeBuild>;
}

const exportName = 'slipwayKustomize';

/** Where build.sh puts the module; `npm pack` ships the folder. */
export function kustomizeWasmFolder(): string {
  return resolvePackagePath(
    '@slipway/plugin-gitops-backend',
    'kustomize',
    'dist',
  );
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
 * Go's standard output and error, which wasm_exec.js sends to the console:
 * kustomize writes a deprecation note there for every old field of every
 * kustomization it reads. Those are dropped; anything else (a Go panic)
 * goes to the process's standard error.
 */
function quietStandardOutput(output: {
  writeSync(fd: number, buffer: Uint8Array): number;
}) {
  const decoder = new TextDecoder();
  let pending = '';
  output.writeSync = (_fd, buffer) => {
    pending += decoder.decode(buffer);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('# Warning: ')) {
        process.stderr.write(`kustomize.wasm: ${line}\n`);
      }
    }
    return buffer.length;
  };
}

/**
 * kustomize's own Go code (sigs.k8s.io/kustomize/api) compiled to
 * WebAssembly and running in this process. It is loaded once; renders are
 * calls into it that may overlap, each reading its snapshot through a
 * {@link KustomizeHost} while kustomize waits.
 */
export class KustomizeWasm {
  static #shared: Promise<KustomizeWasm> | undefined;

  readonly #runtime: GoRuntime;
  readonly #exports: KustomizeExports;

  private constructor(runtime: GoRuntime, exports: KustomizeExports) {
    this.#runtime = runtime;
    this.#exports = exports;
  }

  /** The module of this process, started on first use and again if it ever exits. */
  static async shared(): Promise<KustomizeWasm> {
    const current = KustomizeWasm.#shared;
    if (current) {
      const wasm = await current.catch(() => undefined);
      if (wasm && !wasm.#runtime.exited) {
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
    // wasm_exec.js defines `Go` (and stubs `fs`) on the object it is handed
    // as globalThis. A scope of its own keeps those off the process's global
    // object; the stub `fs` also means kustomize has no disk to reach.
    // Go's timers must not keep the process alive on their own.
    const scope = Object.create(globalThis);
    // Node's accessor globals (crypto, navigator, …) insist on being read
    // from the global object itself.
    for (const [key, descriptor] of Object.entries(
      Object.getOwnPropertyDescriptors(globalThis),
    )) {
      const getter = descriptor.get;
      if (getter) {
        Object.defineProperty(scope, key, {
          get: () => getter.call(globalThis),
          configurable: true,
        });
      }
    }
    const unrefTimeout = (callback: () => void, ms: number) =>
      setTimeout(callback, ms).unref();
    // eslint-disable-next-line no-new-func
    new Function('globalThis', 'setTimeout', loader)(scope, unrefTimeout);
    quietStandardOutput(scope.fs);
    const runtime: GoRuntime = new scope.Go();
    runtime.env = { SLIPWAY_KUSTOMIZE_EXPORT: exportName };
    const instance = await WebAssembly.instantiate(
      module,
      runtime.importObject,
    );
    runtime.run(instance).catch(() => undefined);
    const exports = scope[exportName] as KustomizeExports | undefined;
    if (!exports) {
      throw new Error('kustomize.wasm did not start');
    }
    return new KustomizeWasm(runtime, exports);
  }

  /** Runs `kustomize build` on a repository folder (`.` for the root). */
  build(host: KustomizeHost, path: string): Promise<KustomizeBuild> {
    return this.#exports.build(host, path);
  }
}
