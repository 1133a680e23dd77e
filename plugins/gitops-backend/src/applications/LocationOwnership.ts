import { Config } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import {
  claimsOverlap,
  findLocationConflicts,
  LocationClaim,
  NormalizedClaim,
  normalizeClaim,
  sharedPairs,
} from './findLocationConflicts';

/** Options of {@link LocationOwnership}. */
export interface LocationOwnershipOptions {
  /** Every application's claim, read from the catalog. */
  listClaims: () => Promise<LocationClaim[]>;
  /** Groups of entity refs allowed to claim overlapping locations. */
  shared?: ReadonlyArray<readonly string[]>;
  /** How old the known claims may be when a change is checked (5 s). */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * One owner per config location. The catalog lets anyone who may edit an
 * entity point it at any repository; permissions are checked on the
 * entity, so without this an entity someone owns could deploy into
 * another team's config repository with the portal's credentials, and both
 * entities would claim the same live objects. When two entities claim
 * overlapping locations, neither is changed or synced until that is
 * resolved (or config shares the location between them).
 */
export class LocationOwnership {
  private claims = new Map<string, NormalizedClaim>();
  private byRepository = new Map<string, NormalizedClaim[]>();
  /** Every known claim's conflicts, computed once per read of the catalog. */
  private conflicts = new Map<string, string[]>();
  private readonly isShared: (a: string, b: string) => boolean;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading?: Promise<void>;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  static fromConfig(
    config: Config,
    listClaims: () => Promise<LocationClaim[]>,
  ): LocationOwnership {
    const shared = (
      config.getOptionalConfigArray('gitops.ownership.sharedLocations') ?? []
    ).map(group => group.getStringArray('entities'));
    return new LocationOwnership({ listClaims, shared });
  }

  constructor(private readonly options: LocationOwnershipOptions) {
    this.isShared = sharedPairs(options.shared ?? []);
    this.maxAgeMs = options.maxAgeMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Replaces the known claims with a list just read (the engine's pass). */
  update(claims: readonly LocationClaim[]): void {
    const normalized = claims.map(normalizeClaim);
    this.claims = new Map(normalized.map(claim => [claim.entityRef, claim]));
    this.byRepository = new Map();
    for (const claim of normalized) {
      const list = this.byRepository.get(claim.repository) ?? [];
      list.push(claim);
      this.byRepository.set(claim.repository, list);
    }
    this.conflicts = findLocationConflicts(claims, this.options.shared);
    this.readAt = this.now();
  }

  /**
   * The other entities whose location overlaps this one's, from claims at
   * most `maxAgeMs` old (read again when older). A claim the last read
   * knows as it is costs a lookup; a new or changed one is compared with
   * the claims on its repository.
   */
  async conflictsOf(claim: LocationClaim): Promise<string[]> {
    if (this.now() - this.readAt > this.maxAgeMs) {
      await this.refresh();
    }
    const asked = normalizeClaim(claim);
    const known = this.claims.get(asked.entityRef);
    if (
      known &&
      known.repository === asked.repository &&
      known.path === asked.path &&
      known.branch === asked.branch
    ) {
      return this.conflicts.get(asked.entityRef) ?? [];
    }
    return (this.byRepository.get(asked.repository) ?? [])
      .filter(
        other =>
          claimsOverlap(asked, other) &&
          !this.isShared(asked.entityRef, other.entityRef),
      )
      .map(other => other.entityRef);
  }

  /** Throws a `ConflictError` naming the others when the location is shared. */
  async assertSoleOwner(claim: LocationClaim): Promise<void> {
    const others = await this.conflictsOf(claim);
    if (others.length > 0) {
      throw new ConflictError(describeConflict(claim, others));
    }
  }

  private refresh(): Promise<void> {
    // Concurrent checks share one catalog read.
    if (!this.reading) {
      this.reading = this.options
        .listClaims()
        .then(claims => this.update(claims))
        .finally(() => {
          this.reading = undefined;
        });
    }
    return this.reading;
  }
}

/** Why an application is neither changed nor synced. */
export function describeConflict(
  claim: LocationClaim,
  others: readonly string[],
): string {
  const { url, path, branch } = claim.configRepo;
  return `${
    claim.entityRef
  } shares its config location (${url}, path ${path}, ${
    branch ? `branch ${branch}` : 'the default branch'
  }) with ${others.join(
    ', ',
  )}; Slipway changes and syncs none of them until each names a location of its own, or gitops.ownership.sharedLocations lists them together`;
}
