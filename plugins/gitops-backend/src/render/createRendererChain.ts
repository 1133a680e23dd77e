import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import { HelmRenderer } from './HelmRenderer';
import { KustomizeRenderer } from './KustomizeRenderer';
import { PlainRenderer } from './PlainRenderer';

/**
 * A renderer that hands each request to the first of `renderers` whose
 * `supports` says yes. Without arguments it is the built-in trio: Kustomize
 * when the folder has a kustomization file, Helm when it has a Chart.yaml,
 * plain manifests otherwise.
 *
 * @public
 */
export function createRendererChain(
  renderers: ManifestRenderer[] = [
    new KustomizeRenderer(),
    new HelmRenderer(),
    new PlainRenderer(),
  ],
): ManifestRenderer & {
  select(request: RenderRequest): Promise<ManifestRenderer | undefined>;
} {
  const chain = [...renderers];
  const select = async (request: RenderRequest) => {
    for (const renderer of chain) {
      if (await renderer.supports(request)) {
        return renderer;
      }
    }
    return undefined;
  };
  return {
    name: chain.map(renderer => renderer.name).join('|'),
    select,
    async supports(request: RenderRequest): Promise<boolean> {
      return (await select(request)) !== undefined;
    },
    async render(request: RenderRequest): Promise<KubernetesObject[]> {
      const renderer = await select(request);
      if (!renderer) {
        throw new RenderError(
          `no renderer (${chain
            .map(r => r.name)
            .join(', ')}) can render this folder`,
          { file: request.path },
        );
      }
      return renderer.render(request);
    },
  };
}
