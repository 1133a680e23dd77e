/**
 * Rendering a config repository's folder into Kubernetes objects: plain
 * manifests, Kustomize overlays, Helm charts, external binaries, and a cache
 * keyed by revision.
 */

export { PlainRenderer } from './PlainRenderer';
export type { PlainRendererOptions } from './PlainRenderer';
export { KustomizeRenderer, hasKustomization } from './KustomizeRenderer';
export type { KustomizeRendererOptions } from './KustomizeRenderer';
export { HelmRenderer, hasChart } from './HelmRenderer';
export type { HelmRendererOptions } from './HelmRenderer';
export { ExternalCommandRenderer } from './ExternalCommandRenderer';
export type { ExternalCommandRendererOptions } from './ExternalCommandRenderer';
export { createRendererChain } from './createRendererChain';
export { DirectorySnapshot } from './DirectorySnapshot';
export type { DirectorySnapshotOptions } from './DirectorySnapshot';
export { InMemorySnapshot } from './InMemorySnapshot';
export type { InMemorySnapshotOptions } from './InMemorySnapshot';
export { parseManifests, parseYamlDocuments } from './parseManifests';
export type {
  ParsedDocument,
  ParsedManifest,
  ParseManifestsOptions,
} from './parseManifests';
export { RenderCache } from './RenderCache';
export type {
  CachedRender,
  RenderCacheOptions,
  RenderCacheSource,
} from './RenderCache';
export { defaultRenderLimits } from './renderLimits';
export type { RenderLimits } from './renderLimits';
