import { GoWasmModule, GoWasmWorker, SnapshotHost } from './GoWasmWorker';

/** One `helm template`: its output, or Helm's error. */
export interface HelmTemplate {
  yaml?: string;
  error?: string;
}

const helm: GoWasmModule = { name: 'helm' };

/**
 * `helm template` from Helm's own Go packages (helm.sh/helm/v3) compiled to
 * WebAssembly (kustomize/helm/), in a {@link GoWasmWorker} whose file system
 * is the snapshot being rendered, mounted at /repo. Started on the first
 * chart a process renders.
 */
export class HelmWasm {
  readonly #worker: GoWasmWorker;

  private constructor(worker: GoWasmWorker) {
    this.#worker = worker;
  }

  /** The module of this process, started on first use and after it ended. */
  static async shared(): Promise<HelmWasm> {
    return new HelmWasm(await GoWasmWorker.shared(helm));
  }

  /**
   * Runs `helm` with `args` (which start with `template`): repository
   * paths are below /repo; `files` are further files Helm may read, by
   * absolute path. Rejects with a GoWasmTimeoutError after `timeoutMs`.
   */
  async template(
    host: SnapshotHost,
    args: string[],
    files: Record<string, Uint8Array>,
    timeoutMs: number,
  ): Promise<HelmTemplate> {
    const result = (await this.#worker.call(
      { ...host },
      'template',
      [args],
      timeoutMs,
      files,
    )) as HelmTemplate;
    return { yaml: result.yaml, error: result.error };
  }
}
