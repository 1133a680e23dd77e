/**
 * A container image reference split into its parts:
 * `registry/path[:tag][@digest]`.
 *
 * @public
 */
export interface ImageReference {
  /** Everything before the tag and digest, e.g. `ghcr.io/acme/payments`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits an image reference; a `:` before the last `/` is a registry port. */
export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    return {
      repository: rest.slice(0, colon),
      tag: rest.slice(colon + 1),
      digest,
    };
  }
  return { repository: rest, digest };
}

/** Joins a repository with a tag or a digest. */
export function formatImageReference(
  repository: string,
  version: { tag: string } | { digest: string },
): string {
  return 'tag' in version
    ? `${repository}:${version.tag}`
    : `${repository}@${version.digest}`;
}
