/**
 * Bounds on one render, so a hostile or broken config repo cannot exhaust the
 * backend. Every error that trips a limit names the limit and the file.
 *
 * @public
 */
export interface RenderLimits {
  /**
   * Most files one render may read (manifests, kustomizations, patches,
   * generator sources). It also bounds how deeply kustomizations can nest;
   * kustomize itself refuses cycles.
   */
  maxFiles: number;
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Largest rendered output, in bytes of its JSON encoding. */
  maxOutputBytes: number;
  /**
   * Most YAML aliases one document may expand (guards against "billion
   * laughs") in plain manifests and rendered output; kustomize's YAML parser
   * refuses excessive aliasing in what it reads.
   */
  maxAliasCount: number;
  /**
   * Longest one Kustomize render may run, in milliseconds (the first render
   * in a process includes loading kustomize's OpenAPI schema).
   */
  maxRenderMs: number;
}

/** @public */
export const defaultRenderLimits: RenderLimits = {
  maxFiles: 2000,
  maxFileBytes: 1024 * 1024,
  maxOutputBytes: 10 * 1024 * 1024,
  maxAliasCount: 100,
  maxRenderMs: 30_000,
};

/** Fills the limits a caller left out with the defaults. */
export function resolveRenderLimits(
  limits: Partial<RenderLimits> | undefined,
): RenderLimits {
  return { ...defaultRenderLimits, ...limits };
}
