import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ARGOCD_APP,
  ANNOTATION_FLUX_KUSTOMIZATION,
  InvalidAnnotationError,
} from '@slipway/plugin-gitops-common';

// `namespace/name` or `name`, each a DNS-1123 label once `{environment}`
// (itself a DNS label, see the environment name rule) is put in.
const PART = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The Argo CD Application and Flux Kustomization an entity names for its
 * environments, checked with a sample environment name so that a typo fails
 * here, on the annotation, rather than as "not found" in every environment.
 */
export function readEngineObjectAnnotations(
  entity: Entity,
): { argocdApp?: string; fluxKustomization?: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const argocdApp = annotations[ANNOTATION_ARGOCD_APP]?.trim();
  const fluxKustomization = annotations[ANNOTATION_FLUX_KUSTOMIZATION]?.trim();
  if (argocdApp) {
    checkObjectName(ANNOTATION_ARGOCD_APP, argocdApp);
  }
  if (fluxKustomization) {
    checkObjectName(ANNOTATION_FLUX_KUSTOMIZATION, fluxKustomization);
  }
  if (!argocdApp && !fluxKustomization) {
    return undefined;
  }
  return {
    ...(argocdApp ? { argocdApp } : {}),
    ...(fluxKustomization ? { fluxKustomization } : {}),
  };
}

/** `template` with `{environment}` put in, split into namespace and name. */
export function engineObjectName(
  template: string,
  environment: string,
  defaultNamespace: string,
): { namespace: string; name: string } {
  const filled = template.replace(/\{environment\}/g, environment);
  const slash = filled.indexOf('/');
  return slash < 0
    ? { namespace: defaultNamespace, name: filled }
    : { namespace: filled.slice(0, slash), name: filled.slice(slash + 1) };
}

function checkObjectName(annotation: string, value: string) {
  const sample = engineObjectName(value, 'production', 'default');
  const parts = value.split('/');
  if (
    parts.length > 2 ||
    !PART.test(sample.namespace) ||
    !PART.test(sample.name) ||
    sample.name.length > 63
  ) {
    throw new InvalidAnnotationError(
      annotation,
      `${annotation} "${value}" is not a name or namespace/name of lowercase letters, digits and dashes ({environment} stands for the environment's name)`,
    );
  }
}
