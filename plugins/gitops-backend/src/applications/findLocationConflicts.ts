import { ConfigRepoLocation } from '@slipway/plugin-gitops-common';
import { isWithin, normalizeRepositoryPath } from '../git/repositoryPath';
import { normalizeRepositoryUrl } from '../webhooks/normalizeRepositoryUrl';

/** An entity and the config location it claims. */
export interface LocationClaim {
  entityRef: string;
  configRepo: ConfigRepoLocation;
}

/**
 * Which claims overlap which: the same repository (however its URL is
 * spelt), branches that may be the same, and folders that are equal or
 * nested (the repository root contains every folder). A branch left to the
 * repository's default may be any named branch, so it overlaps them all.
 * Entities in one `shared` group may overlap each other.
 *
 * Returns, per entity ref, the refs of the others whose claim overlaps.
 */
export function findLocationConflicts(
  claims: readonly LocationClaim[],
  shared: ReadonlyArray<readonly string[]> = [],
): Map<string, string[]> {
  const allowedPairs = new Set<string>();
  for (const group of shared) {
    for (const a of group) {
      for (const b of group) {
        allowedPairs.add(pairKey(a, b));
      }
    }
  }
  const byRepository = new Map<
    string,
    Array<{ entityRef: string; path: string; branch?: string }>
  >();
  for (const claim of claims) {
    const repository =
      normalizeRepositoryUrl(claim.configRepo.url) ?? claim.configRepo.url;
    const list = byRepository.get(repository) ?? [];
    list.push({
      entityRef: claim.entityRef.toLocaleLowerCase('en-US'),
      path: normalizeRepositoryPath(claim.configRepo.path),
      branch: claim.configRepo.branch,
    });
    byRepository.set(repository, list);
  }
  const conflicts = new Map<string, string[]>();
  const add = (entityRef: string, other: string) =>
    conflicts.set(entityRef, [...(conflicts.get(entityRef) ?? []), other]);
  for (const list of byRepository.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        const sameBranch =
          a.branch === undefined ||
          b.branch === undefined ||
          a.branch === b.branch;
        const nested = isWithin(a.path, b.path) || isWithin(b.path, a.path);
        if (
          a.entityRef !== b.entityRef &&
          sameBranch &&
          nested &&
          !allowedPairs.has(pairKey(a.entityRef, b.entityRef))
        ) {
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
