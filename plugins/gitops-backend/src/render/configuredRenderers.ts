import { GitOpsConfig } from '@slipway/plugin-gitops-node';
import { ManifestRenderer } from '@slipway/plugin-gitops-node';
import { ExternalCommandRenderer } from './ExternalCommandRenderer';

/**
 * The external renderers the portal configures (`gitops.render`), in the
 * order they are asked: a configured kustomize binary takes over folders with
 * a kustomization from the built-in renderer; a helm binary renders charts.
 */
export function configuredRenderers(config: GitOpsConfig): ManifestRenderer[] {
  const renderers: ManifestRenderer[] = [];
  if (config.render.helmCommand) {
    renderers.push(ExternalCommandRenderer.helm(config.render.helmCommand));
  }
  if (config.render.kustomizeCommand) {
    renderers.push(
      ExternalCommandRenderer.kustomize(config.render.kustomizeCommand),
    );
  }
  return renderers;
}
