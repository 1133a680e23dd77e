/**
 * The commit of a Flux revision string: `main@sha1:<sha>` (Flux 2.x), or
 * `main/<sha>` (the older form), or a bare `sha1:<sha>`. Undefined when it
 * names no commit.
 */
export function parseFluxRevision(revision?: string): string | undefined {
  if (!revision) {
    return undefined;
  }
  const digest = /(?:^|@)sha(?:1|256):([0-9a-f]{40,64})$/.exec(revision);
  if (digest) {
    return digest[1];
  }
  const legacy = /(?:^|\/)([0-9a-f]{40})$/.exec(revision);
  return legacy?.[1];
}
