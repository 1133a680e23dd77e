import { GoWasmModule, GoWasmWorker, SnapshotHost } from './GoWasmWorker';
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

/** One `kustomize build`: its YAML output, or kustomize's error. */
export interface KustomizeBuild {
  yaml?: string;
  error?: string;
  /** Paths outside the repository kustomize tried to reach. */
  escaped?: string[];
}

const kustomize: GoWasmModule = { name: 'kustomize', reads: 'host' };

/**
 * kustomize's own Go code (sigs.k8s.io/kustomize/api) compiled to
 * WebAssembly (kustomize/main.go), in a {@link GoWasmWorker}.
 */
export class KustomizeWasm {
  readonly #worker: GoWasmWorker;

  private constructor(worker: GoWasmWorker) {
    this.#worker = worker;
  }

  /** The module of this process, started on first use and after it ended. */
  static async shared(): Promise<KustomizeWasm> {
    return new KustomizeWasm(await GoWasmWorker.shared(kustomize));
  }

  /** Starts the module in the background, if it is not running yet. */
  static warm(): void {
    GoWasmWorker.warm(kustomize);
  }

  /**
   * Runs `kustomize build` on a repository folder (`.` for the root);
   * rejects with a GoWasmTimeoutError after `timeoutMs`.
   */
  async build(
    host: KustomizeHost,
    path: string,
    timeoutMs: number,
  ): Promise<KustomizeBuild> {
    const result = (await this.#worker.call(
      { ...host },
      'build',
      [path],
      timeoutMs,
    )) as KustomizeBuild;
    return {
      yaml: result.yaml,
      error: result.error,
      escaped: result.escaped,
    };
  }
}
