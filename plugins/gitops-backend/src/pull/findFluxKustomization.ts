import {
  configLocationMatches,
  OverlayLocation,
} from './configLocationMatches';
import { FoundEngineObject } from './findArgoCdApplication';
import { FluxGitRepository, FluxKustomization } from './FluxKustomization';

/**
 * The Flux Kustomization that serves an environment (pure), with the
 * GitRepository it builds from: the one the entity names, else the one
 * whose GitRepository (URL and branch) and `spec.path` are the
 * environment's overlay. More than one match is an error, never a guess.
 */
export function findFluxKustomization(
  kustomizations: readonly FluxKustomization[],
  repositories: readonly FluxGitRepository[],
  wanted: {
    location: OverlayLocation;
    named?: { namespace: string; name: string };
    where: string;
  },
): FoundEngineObject<{
  kustomization: FluxKustomization;
  source?: FluxGitRepository;
}> {
  const sourceOf = (kustomization: FluxKustomization) => {
    const ref = kustomization.spec?.sourceRef;
    if (ref?.kind !== 'GitRepository') {
      return undefined;
    }
    const namespace = ref.namespace ?? kustomization.metadata.namespace;
    return repositories.find(
      repo =>
        repo.metadata.name === ref.name &&
        repo.metadata.namespace === namespace,
    );
  };
  if (wanted.named) {
    const { namespace, name } = wanted.named;
    const named = kustomizations.find(
      k => k.metadata.name === name && k.metadata.namespace === namespace,
    );
    return named
      ? { object: { kustomization: named, source: sourceOf(named) } }
      : {
          message: `Flux has no Kustomization ${namespace}/${name} (${wanted.where}), which the entity names`,
        };
  }
  const matching = kustomizations.filter(kustomization => {
    const source = sourceOf(kustomization);
    return (
      source &&
      !source.spec?.ref?.tag &&
      !source.spec?.ref?.commit &&
      configLocationMatches(wanted.location, {
        url: source.spec?.url,
        path: kustomization.spec?.path,
        revision: source.spec?.ref?.branch ?? source.spec?.ref?.name,
      })
    );
  });
  if (matching.length === 1) {
    return {
      object: { kustomization: matching[0], source: sourceOf(matching[0]) },
    };
  }
  const where = `${wanted.location.url} path ${wanted.location.overlayPath}${
    wanted.location.branch ? ` on ${wanted.location.branch}` : ''
  }`;
  if (matching.length === 0) {
    return {
      message: `No Flux Kustomization (${wanted.where}) builds ${where} from a GitRepository; create one, or name it with the slipway.dev/flux-kustomization annotation`,
    };
  }
  return {
    message: `Several Flux Kustomizations build ${where} (${matching
      .map(k => `${k.metadata.namespace}/${k.metadata.name}`)
      .join(
        ', ',
      )}); name the one that serves this environment with the slipway.dev/flux-kustomization annotation`,
  };
}
