import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { existsSync } from 'fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { SnapshotHost } from './GoWasmWorker';
import { HelmTemplate } from './HelmWasm';

/**
 * What kustomize may ask of the repository it renders (see
 * {@link SnapshotHost}), and Helm for the helmCharts of a kustomization:
 * `helm template` with the arguments kustomize gives and the values files it
 * wrote (`files`, by path).
 */
export interface KustomizeHost extends SnapshotHost {
  helmTemplate(
    args: string[],
    files: Record<string, Uint8Array>,
  ): Promise<HelmTemplate>;
}

/**
 * One `kustomize build`: its YAML output or the same objects parsed (and
 * their size as JSON, in bytes), or kustomize's error.
 */
export interface KustomizeBuild {
  yaml?: string;
  objects?: KubernetesObject[];
  size?: number;
  error?: string;
  /** Paths outside the repository kustomize tried to reach. */
  escaped?: string[];
}

/** Thrown when a build outlives its time limit; the process is restarted. */
export class KustomizeTimeoutError extends Error {}

// Go's names for the platforms Node runs on.
const goOs: Record<string, string> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
};
const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * The kustomize binary for this platform, as kustomize/build.sh names it
 * (`kustomize-<GOOS>-<GOARCH>`); `npm pack` ships the folder.
 */
export function kustomizeBinary(): string {
  const name = `kustomize-${goOs[process.platform] ?? process.platform}-${
    goArch[process.arch] ?? process.arch
  }${process.platform === 'win32' ? '.exe' : ''}`;
  return resolvePackagePath(
    '@slipway/plugin-gitops-backend',
    'kustomize',
    'dist',
    name,
  );
}

// The protocol of kustomize/host.go: one JSON message per line.
type FromKustomize =
  | { type: 'ready' }
  | { type: 'read'; call: number; read: number; op: string; args: unknown[] }
  | { type: 'done'; call: number; result: KustomizeBuild };

interface PendingBuild {
  host: KustomizeHost;
  resolve(result: KustomizeBuild): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * kustomize's own Go code (sigs.k8s.io/kustomize/api) built natively
 * (kustomize/main.go) and run as one long-lived child process: started once,
 * so a render is a message, and kustomize's CPU time runs beside the
 * backend's event loop, on another core when there is one. Builds may
 * overlap; each reads its snapshot through a host here while Go waits. A
 * build that outlives its time limit ends the process (and the builds in
 * it); the next build starts a new one.
 *
 * Native rather than WebAssembly: the same render takes about a fifth of the
 * time, and the process holds a fraction of the memory a WebAssembly
 * instance of kustomize adds to the backend (see the README's figures).
 */
export class KustomizeProcess {
  static #shared: Promise<KustomizeProcess> | undefined;

  readonly #child: ChildProcessWithoutNullStreams;
  readonly #builds = new Map<number, PendingBuild>();
  #nextCall = 0;
  #ended = false;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
  }

  /** The process of this backend, started on first use and after it ended. */
  static async shared(): Promise<KustomizeProcess> {
    const current = KustomizeProcess.#shared;
    if (current) {
      const running = await current.catch(() => undefined);
      if (running && !running.#ended) {
        return running;
      }
    }
    const next = KustomizeProcess.#start();
    KustomizeProcess.#shared = next;
    next.catch(() => {
      if (KustomizeProcess.#shared === next) {
        KustomizeProcess.#shared = undefined;
      }
    });
    return next;
  }

  /** The process id, for measuring it (see bench/engineBenchmark.ts). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Starts the process in the background, if it is not running yet. */
  static warm(): void {
    KustomizeProcess.shared().catch(() => undefined);
  }

  static async #start(): Promise<KustomizeProcess> {
    const binary = kustomizeBinary();
    if (!existsSync(binary)) {
      throw new Error(
        `kustomize is not built for this platform (${binary}): run plugins/gitops-backend/kustomize/build.sh, which scripts/setup.sh runs`,
      );
    }
    // No environment: kustomize gets nothing of the backend's (secrets
    // included) and, with no PATH, finds no program to run.
    const child = spawn(binary, [], { env: {}, stdio: 'pipe' });
    const kustomize = new KustomizeProcess(child);
    const ready = new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const message = JSON.parse(line) as FromKustomize;
          if (message.type === 'ready') {
            resolve();
          } else {
            kustomize.#receive(message);
          }
          newline = buffered.indexOf('\n');
        }
      });
      // kustomize's deprecation notes are dropped (a render's caller gets
      // its result or its error); anything else (a Go panic) is shown.
      let errorText = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        const lines = (errorText + text).split('\n');
        errorText = lines.pop()!;
        for (const line of lines) {
          if (line && !line.startsWith('# Warning: ')) {
            process.stderr.write(`kustomize: ${line}\n`);
          }
        }
      });
      const ended = (error: Error) => {
        reject(error);
        kustomize.#end(error);
      };
      child.on('error', ended);
      child.on('exit', (code, signal) =>
        ended(
          new Error(`kustomize stopped (${signal ?? `exit code ${code}`})`),
        ),
      );
      // A write to a process that just died fails here, not as an
      // uncaught error; the exit above ends its builds.
      child.stdin.on('error', () => undefined);
    });
    // Whoever waits for the process to start keeps Node running until it
    // has; after that, an idle process must not keep the backend running
    // (a build in flight does, through its timer).
    await ready;
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as unknown as { unref?(): void }).unref?.();
    }
    return kustomize;
  }

  /**
   * Runs `kustomize build` on a repository folder (`.` for the root);
   * rejects with a {@link KustomizeTimeoutError} after `timeoutMs`. With
   * `output: 'objects'` the result holds the objects instead of the YAML:
   * they come as JSON, which costs a fraction of parsing YAML.
   */
  build(
    host: KustomizeHost,
    path: string,
    timeoutMs: number,
    output: 'yaml' | 'objects' = 'yaml',
  ): Promise<KustomizeBuild> {
    if (this.#ended) {
      return Promise.reject(new Error('kustomize has stopped'));
    }
    const call = ++this.#nextCall;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#builds.delete(call);
        reject(
          new KustomizeTimeoutError(
            `kustomize took longer than ${timeoutMs} ms`,
          ),
        );
        this.#end(
          new Error('kustomize restarted: another render ran too long'),
        );
      }, timeoutMs);
      this.#builds.set(call, { host, resolve, reject, timer });
      this.#send({ type: 'build', call, path, output });
    });
  }

  #send(message: object): void {
    if (!this.#ended) {
      this.#child.stdin.write(`${JSON.stringify(message)}\n`);
    }
  }

  #receive(message: FromKustomize): void {
    if (message.type === 'done') {
      const pending = this.#builds.get(message.call);
      if (pending) {
        this.#builds.delete(message.call);
        clearTimeout(pending.timer);
        pending.resolve(message.result);
      }
    } else if (message.type === 'read') {
      this.#answer(message.call, message.read, message.op, message.args);
    }
  }

  #answer(call: number, read: number, op: string, args: unknown[]): void {
    const pending = this.#builds.get(call);
    const answer = (async () => {
      if (!pending) {
        throw new Error('the render was abandoned');
      }
      switch (op) {
        case 'stat':
          return pending.host.stat(String(args[0]));
        case 'readFile':
          // encoding/json reads []byte from base64.
          return Buffer.from(
            await pending.host.readFile(String(args[0])),
          ).toString('base64');
        case 'readDirectory':
          return pending.host.readDirectory(String(args[0]));
        case 'helmTemplate': {
          const files: Record<string, Uint8Array> = {};
          for (const [name, content] of Object.entries(
            (args[1] ?? {}) as Record<string, string>,
          )) {
            files[name] = Buffer.from(content, 'base64');
          }
          return pending.host.helmTemplate(args[0] as string[], files);
        }
        default:
          throw new Error(`no ${op} here`);
      }
    })();
    answer.then(
      value => this.#send({ type: 'answer', read, value }),
      (error: unknown) =>
        this.#send({
          type: 'answer',
          read,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
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
    this.#child.kill();
  }
}
