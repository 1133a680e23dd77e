/** Who a commit names as its author or committer. */
export interface CommitIdentity {
  name: string;
  email: string;
}

/** The identity of commits the scaffolder writes on nobody's behalf. */
export const SCAFFOLDER_IDENTITY: CommitIdentity = {
  name: 'Slipway Scaffolder',
  email: 'scaffolder@slipway.dev',
};

/** The parts of a catalog User entity that name a person. */
interface UserLike {
  metadata: { name: string };
  spec?: { profile?: { displayName?: string; email?: string } };
}

/**
 * The author of a commit made for the task's initiator: their catalog
 * profile, so history shows who created the repository, falling back to the
 * scaffolder's own identity for parts the profile lacks.
 */
export function commitAuthor(user?: { entity?: UserLike }): CommitIdentity {
  const entity = user?.entity;
  if (!entity) {
    return SCAFFOLDER_IDENTITY;
  }
  const profile = entity.spec?.profile;
  return {
    name: profile?.displayName?.trim() || entity.metadata.name,
    email: profile?.email?.trim() || SCAFFOLDER_IDENTITY.email,
  };
}
