import {
  ANNOTATION_ARGOCD_APP,
  ANNOTATION_FLUX_KUSTOMIZATION,
} from '@slipway/plugin-gitops-common';
import { DEFAULT_ARGOCD_NAMESPACE } from './argoCdApplication';
import { engineObjectName, ENVIRONMENT_PLACEHOLDER } from './engineObjectName';
import { EngineSetup } from './EngineSetup';
import { planEngineObjects } from './planEngineObjects';

/**
 * The catalog annotations that name the Argo CD `Application`s and Flux
 * `Kustomization`s written for the application, so the backend finds them by
 * name rather than by matching their sources.
 *
 * An annotation holds one namespace for every environment; when the
 * environments of one engine type keep their objects in different
 * namespaces, no pattern names them all and the annotation is left out, so
 * the backend falls back to matching by source, which finds each of them.
 */
export function engineAnnotations(setup: EngineSetup): Record<string, string> {
  const plans = planEngineObjects(setup);
  const pattern = engineObjectName(setup.application, ENVIRONMENT_PLACEHOLDER);
  const annotations: Record<string, string> = {};

  const argoCdNamespaces = distinct(
    plans.flatMap(plan =>
      plan.type === 'argocd' ? [plan.application.namespace] : [],
    ),
  );
  if (argoCdNamespaces.length === 1) {
    const [namespace] = argoCdNamespaces;
    annotations[ANNOTATION_ARGOCD_APP] =
      namespace === DEFAULT_ARGOCD_NAMESPACE
        ? pattern
        : `${namespace}/${pattern}`;
  }

  const fluxNamespaces = distinct(
    plans.flatMap(plan => (plan.type === 'flux' ? [plan.flux.namespace] : [])),
  );
  if (fluxNamespaces.length === 1) {
    annotations[
      ANNOTATION_FLUX_KUSTOMIZATION
    ] = `${fluxNamespaces[0]}/${pattern}`;
  }
  return annotations;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
