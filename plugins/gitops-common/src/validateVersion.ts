/**
 * A version is an image tag or a digest, as the OCI distribution spec defines
 * them.
 */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_PATTERN = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * The digest algorithms the OCI image spec registers, with their encoded
 * length. Registries accept no others, and a weak one (`md5:`) must never
 * pass as an immutable version.
 */
const DIGEST_ALGORITHMS: Record<string, number> = {
  sha256: 64,
  sha512: 128,
};

/** @public */
export type ParsedVersion =
  | { kind: 'tag'; tag: string }
  | { kind: 'digest'; digest: string };

/**
 * Parses a version typed by a person or a CI job. Returns why it is refused
 * when it is neither a valid tag nor a valid digest.
 *
 * @public
 */
export function parseVersion(
  version: string,
): ParsedVersion | { kind: 'invalid'; problem: string } {
  if (version.includes(':')) {
    if (!DIGEST_PATTERN.test(version)) {
      return {
        kind: 'invalid',
        problem: `"${version}" is neither an image tag nor a digest (algorithm:hex)`,
      };
    }
    const [algorithm, encoded] = version.split(':');
    const length = DIGEST_ALGORITHMS[algorithm];
    if (length === undefined) {
      return {
        kind: 'invalid',
        problem: `"${version}" uses the digest algorithm "${algorithm}"; only sha256 and sha512 digests are accepted`,
      };
    }
    if (encoded.length !== length || !/^[a-f0-9]+$/.test(encoded)) {
      return {
        kind: 'invalid',
        problem: `"${version}" is not a ${algorithm} digest: expected ${length} lowercase hex characters`,
      };
    }
    return { kind: 'digest', digest: version };
  }
  if (!TAG_PATTERN.test(version)) {
    return {
      kind: 'invalid',
      problem: `"${version}" is not a valid image tag: up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
    };
  }
  return { kind: 'tag', tag: version };
}
