import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import { posix } from 'path';
import { helmTemplate } from './helmTemplate';
import { KustomizationFiles, kustomizeError } from './kustomizeError';
import {
  KustomizeBuild,
  KustomizeHost,
  KustomizeProcess,
  KustomizeTimeoutError,
} from './KustomizeProcess';
import { checkYamlAliases } from './parseManifests';
import { RenderLimits, resolveRenderLimits } from './renderLimits';
import { RenderReader } from './RenderReader';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';
import {
  firstRefusal,
  renderRoot,
  withinOutputLimit,
  withinOutputSize,
} from './renderedObjects';

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
 * Renders a Kustomize overlay with kustomize itself: the Go module
 * `sigs.k8s.io/kustomize/api` (the version `kubectl kustomize` of kubectl
 * 1.32 carries), built natively and run as one long-lived helper process
 * (see KustomizeProcess). Its output is byte-for-byte what `kustomize build`
 * prints.
 *
 * kustomize reads the snapshot and nothing else: no disk, no network, so no
 * remote bases; no exec or function plugins; files only in or below each
 * kustomization's folder (kustomize's `LoadRestrictionsRootOnly`). Its
 * helmCharts are inflated as `kustomize build --enable-helm` does, by Helm
 * compiled to WebAssembly (see HelmWasm), from charts vendored in the
 * repository: nothing is pulled. Slipway's limits apply to every file
 * kustomize and Helm read and to the output.
 *
 * @public
 */
export class KustomizeRenderer implements ManifestRenderer {
  readonly name = 'kustomize';
  readonly #limits: RenderLimits;

  constructor(options: KustomizeRendererOptions = {}) {
    this.#limits = resolveRenderLimits(options.limits);
    // Start kustomize now, so that starting it and parsing kustomize's
    // OpenAPI schema overlap with whatever comes before the first render;
    // a failure shows on that render.
    KustomizeProcess.warm();
  }

  async supports(request: RenderRequest): Promise<boolean> {
    return hasKustomization(request);
  }

  async render(request: RenderRequest): Promise<KubernetesObject[]> {
    const root = renderRoot(request.path);
    const { objects = [], size = 0 } = await this.#build(request, 'objects');
    withinOutputSize(size, root, this.#limits);
    return objects;
  }

  /** The YAML `kustomize build` prints for the request's folder. */
  async renderYaml(request: RenderRequest): Promise<string> {
    const { yaml = '' } = await this.#build(request, 'yaml');
    return withinOutputLimit(yaml, renderRoot(request.path), this.#limits);
  }

  async #build(
    request: RenderRequest,
    output: 'yaml' | 'objects',
  ): Promise<KustomizeBuild> {
    const root = renderRoot(request.path);
    const reader = new RenderReader(request.snapshot, this.#limits);
    const { guard, rethrow } = firstRefusal();
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
      helmTemplate: (args, files) =>
        guard(() => helmTemplate({ reader, args, files, file: root, guard })),
    };
    const kustomize = await KustomizeProcess.shared();
    let result: KustomizeBuild;
    try {
      result = await kustomize.build(
        host,
        root,
        this.#limits.maxRenderMs,
        output,
      );
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
    rethrow();
    if (result.error !== undefined) {
      throw kustomizeError(
        result.error,
        root,
        kustomizations,
        result.escaped ?? [],
      );
    }
    return result;
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
  const root = canonicalRepositoryPath(request.path);
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
