import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import {
  KustomizationBuilder,
  kustomizationFileNames,
} from './kustomize/buildKustomization';
import { RenderLimits, resolveRenderLimits } from './renderLimits';
import { checkOutputSize, RenderReader } from './RenderReader';
import { normalizeRepositoryPath } from './repositoryPath';

/** @public */
export interface KustomizeRendererOptions {
  limits?: Partial<RenderLimits>;
}

/**
 * Renders a Kustomize overlay in process, with the output `kustomize build`
 * prints for it. Remote bases are refused; fields this renderer does not
 * implement are refused by name (use an external `kustomize` binary for
 * those).
 *
 * @public
 */
export class KustomizeRenderer implements ManifestRenderer {
  readonly name = 'kustomize';
  readonly #limits: RenderLimits;

  constructor(options: KustomizeRendererOptions = {}) {
    this.#limits = resolveRenderLimits(options.limits);
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
    const reader = new RenderReader(request.snapshot, this.#limits);
    const objects = await new KustomizationBuilder(reader).build(root);
    checkOutputSize(objects, this.#limits, root);
    return objects;
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
