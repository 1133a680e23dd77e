import { ConfigRepoLocation } from '@slipway/plugin-gitops-common';
import { isWithin, normalizeRepositoryPath } from '../git/repositoryPath';
import { normalizeRepositoryUrl } from '../webhooks/normalizeRepositoryUrl';

/** An entity and the config location it claims. */
export interface LocationClaim {
  entityRef: string;
  configRepo: ConfigRepoLocation;
}

/** A claim in comparable form: one spelling of the repository and path. */
export interface NormalizedClaim {
  entityRef: string;
  repository: string;
  path: string;
  branch?: string;
}

export function normalizeClaim(claim: LocationClaim): NormalizedClaim {
  return {
    entityRef: claim.entityRef.toLocaleLowerCase('en-US'),
    repository:
      normalizeRepositoryUrl(claim.configRepo.url) ?? claim.configRepo.url,
    path: normalizeRepositoryPath(claim.configRepo.path),
    branch: claim.configRepo.branch,
  };
}

/**
 * Whether two claims overlap: the same repository (however its URL is
 * spelt), branches that may be the same, and folders that are equal or
 * nested (the repository root contains every folder). A branch left to the
 * repository's default may be any named branch, so it overlaps them all.
 */
export function claimsOverlap(a: NormalizedClaim, b: NormalizedClaim): boolean {
  return (
    a.entityRef !== b.entityRef &&
    a.repository === b.repository &&
    (a.branch === undefined ||
      b.branch === undefined ||
      a.branch === b.branch) &&
    (isWithin(a.path, b.path) || isWithin(b.path, a.path))
  );
}

/** Which entity refs may overlap each other, from config's shared groups. */
export function sharedPairs(
  shared: ReadonlyArray<readonly string[]>,
): (a: string, b: string) => boolean {
  const allowed = new Set<string>();
  for (const group of shared) {
    for (const a of group) {
      for (const b of group) {
        allowed.add(pairKey(a, b));
      }
    }
  }
  return (a, b) => allowed.has(pairKey(a, b));
}

/**
 * Which claims overlap which (see {@link claimsOverlap}); entities in one
 * `shared` group may overlap each other. Returns, per lower-cased entity
 * ref, the refs of the others whose claim overlaps.
 */
export function findLocationConflicts(
  claims: readonly LocationClaim[],
  shared: ReadonlyArray<readonly string[]> = [],
): Map<string, string[]> {
  const isShared = sharedPairs(shared);
  const byRepository = new Map<string, NormalizedClaim[]>();
  for (const claim of claims.map(normalizeClaim)) {
    const list = byRepository.get(claim.repository) ?? [];
    list.push(claim);
    byRepository.set(claim.repository, list);
  }
  const conflicts = new Map<string, string[]>();
  const add = (entityRef: string, other: string) =>
    conflicts.set(entityRef, [...(conflicts.get(entityRef) ?? []), other]);
  for (const list of byRepository.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        if (claimsOverlap(a, b) && !isShared(a.entityRef, b.entityRef)) {
          add(a.entityRef, b.entityRef);
          add(b.entityRef, a.entityRef);
        }
      }
    }
  }
  return conflicts;
}

function pairKey(a: string, b: string): string {
  return `${a.toLocaleLowerCase('en-US')}\0${b.toLocaleLowerCase('en-US')}`;
}
