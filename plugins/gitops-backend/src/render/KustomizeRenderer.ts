import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import { posix } from 'path';
import { KustomizationFiles, kustomizeError } from './kustomizeError';
import {
  KustomizeBuild,
  KustomizeHost,
  KustomizeTimeoutError,
  KustomizeWasm,
} from './KustomizeWasm';
import { checkYamlAliases, parseYamlDocuments } from './parseManifests';
import { RenderLimits, resolveRenderLimits } from './renderLimits';
import { checkOutputSize, RenderReader } from './RenderReader';
import { normalizeRepositoryPath } from './repositoryPath';

/** @public */
export interface KustomizeRendererOptions {
  limits?: Partial<RenderLimits>;
}

// The names kustomize looks for, in its order.
const kustomizationFileNames = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/**
 * Renders a Kustomize overlay in process with kustomize itself: the Go
 * module `sigs.k8s.io/kustomize/api` (the version `kubectl kustomize` of
 * kubectl 1.32 carries), compiled to WebAssembly. Its output is
 * byte-for-byte what `kustomize build` prints.
 *
 * kustomize reads the snapshot and nothing else: no disk, no network, so no
 * remote bases; no exec or function plugins, no Helm; files only in or below
 * each kustomization's folder (kustomize's `LoadRestrictionsRootOnly`).
 * Slipway's limits apply to every file it reads and to its output.
 *
 * @public
 */
export class KustomizeRenderer implements ManifestRenderer {
  readonly name = 'kustomize';
  readonly #limits: RenderLimits;

  constructor(options: KustomizeRendererOptions = {}) {
    this.#limits = resolveRenderLimits(options.limits);
    // Start kustomize.wasm now, so that compiling it and parsing
    // kustomize's OpenAPI schema overlap with whatever comes before the
    // first render; a failure shows on that render.
    KustomizeWasm.warm();
  }

  async supports(request: RenderRequest): Promise<boolean> {
    return hasKustomization(request);
  }

  async render(request: RenderRequest): Promise<KubernetesObject[]> {
    const root = normalizeRepositoryPath(request.path);
    if (!root) {
      throw new RenderError('path is outside the repository', {
        file: request.path,
      });
    }
    const yaml = await this.renderYaml({ ...request, path: root });
    const objects = parseYamlDocuments(yaml, root, {
      maxAliasCount: this.#limits.maxAliasCount,
    }).map(document => document.value as KubernetesObject);
    checkOutputSize(objects, this.#limits, root);
    return objects;
  }

  /** The YAML `kustomize build` prints for the request's folder. */
  async renderYaml(request: RenderRequest): Promise<string> {
    const root = normalizeRepositoryPath(request.path);
    if (!root) {
      throw new RenderError('path is outside the repository', {
        file: request.path,
      });
    }
    const reader = new RenderReader(request.snapshot, this.#limits);
    // The first limit or snapshot error wins over whatever kustomize makes
    // of it: it names the file and the limit precisely.
    let refused: unknown;
    const guard = async <T>(read: () => Promise<T>): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        refused ??= error;
        throw error;
      }
    };
    const kustomizations: KustomizationFiles = new Map();
    const host: KustomizeHost = {
      stat: path => guard(() => reader.typeOf(path)),
      readFile: path => {
        if (kustomizationFileNames.includes(posix.basename(path))) {
          kustomizations.set(posix.dirname(path), path);
        }
        return guard(async () => {
          const content = await reader.bytes(path);
          checkYamlAliases(
            content.toString('utf8'),
            path,
            this.#limits.maxAliasCount,
          );
          return content;
        });
      },
      readDirectory: path =>
        guard(async () =>
          (await request.snapshot.readDirectory(path)).map(entry => entry.name),
        ),
    };
    const wasm = await KustomizeWasm.shared();
    let result: KustomizeBuild;
    try {
      result = await wasm.build(host, root, this.#limits.maxRenderMs);
    } catch (error) {
      if (error instanceof KustomizeTimeoutError) {
        throw new RenderError(
          `render takes longer than ${
            this.#limits.maxRenderMs
          } ms (limit maxRenderMs)`,
          { file: root },
        );
      }
      throw error;
    }
    if (refused) {
      throw refused;
    }
    if (result.error !== undefined) {
      throw kustomizeError(
        result.error,
        root,
        kustomizations,
        result.escaped ?? [],
      );
    }
    const yaml = result.yaml ?? '';
    if (Buffer.byteLength(yaml, 'utf8') > this.#limits.maxOutputBytes) {
      throw new RenderError(
        `rendered output exceeds ${
          this.#limits.maxOutputBytes
        } bytes (limit maxOutputBytes)`,
        { file: root },
      );
    }
    return yaml;
  }
}

/**
 * Whether the request's folder holds a kustomization file.
 *
 * @public
 */
export async function hasKustomization(
  request: RenderRequest,
): Promise<boolean> {
  const root = normalizeRepositoryPath(request.path);
  if (!root) {
    return false;
  }
  for (const name of kustomizationFileNames) {
    const entry = await request.snapshot.stat(
      root === '.' ? name : `${root}/${name}`,
    );
    if (entry?.type === 'file') {
      return true;
    }
  }
  return false;
}
