import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import { parse } from 'yaml';
import { helmError } from './helmError';
import { helmPath, helmTemplate } from './helmTemplate';
import { hasKustomization } from './KustomizeRenderer';
import { withRepositoryPaths } from './kustomizeError';
import { RenderLimits, resolveRenderLimits } from './renderLimits';
import { RenderReader } from './RenderReader';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';
import {
  firstRefusal,
  renderedObjects,
  renderRoot,
  withinOutputLimit,
} from './renderedObjects';

/** @public */
export interface HelmRendererOptions {
  limits?: Partial<RenderLimits>;
}

/** The namespace Helm renders into without a kubeconfig context. */
const namespace = 'default';

/**
 * Renders a Helm chart folder (one with a Chart.yaml and no kustomization)
 * in process with Helm itself: `helm template <chart name> <folder>
 * --namespace default` from the Go packages of helm.sh/helm/v3, compiled to
 * WebAssembly. The release is named after the chart; values are the
 * chart's own (values per environment come from a kustomization wrapping
 * the chart with helmCharts, which {@link KustomizeRenderer} renders).
 *
 * Helm reads the snapshot and nothing else: dependencies must be vendored
 * in the chart's charts/ folder; lookup finds nothing and Capabilities are
 * `helm template`'s defaults. Slipway's limits apply to every file it reads
 * and to its output.
 *
 * @public
 */
export class HelmRenderer implements ManifestRenderer {
  readonly name = 'helm';
  readonly #limits: RenderLimits;

  constructor(options: HelmRendererOptions = {}) {
    this.#limits = resolveRenderLimits(options.limits);
  }

  async supports(request: RenderRequest): Promise<boolean> {
    return (await hasChart(request)) && !(await hasKustomization(request));
  }

  async render(request: RenderRequest): Promise<KubernetesObject[]> {
    const root = renderRoot(request.path);
    const yaml = await this.renderYaml({ ...request, path: root });
    return renderedObjects(yaml, root, this.#limits);
  }

  /** The YAML `helm template` prints for the request's chart folder. */
  async renderYaml(request: RenderRequest): Promise<string> {
    const root = renderRoot(request.path);
    const reader = new RenderReader(request.snapshot, this.#limits);
    const { guard, rethrow } = firstRefusal();
    const release = await releaseName(reader, root);
    const result = await helmTemplate({
      reader,
      args: ['template', release, helmPath(root), '--namespace', namespace],
      file: root,
      guard,
    });
    rethrow();
    if (result.error !== undefined) {
      throw helmError(withRepositoryPaths(result.error), root);
    }
    return withinOutputLimit(result.yaml ?? '', root, this.#limits);
  }
}

/**
 * The release name Slipway gives a chart folder: the chart's name, as
 * Chart.yaml says it (Helm refuses a chart without one).
 */
export async function releaseName(
  reader: RenderReader,
  root: string,
): Promise<string> {
  const file = root === '.' ? 'Chart.yaml' : `${root}/Chart.yaml`;
  try {
    const name = parse(await reader.text(file))?.name;
    if (typeof name === 'string' && name !== '') {
      return name;
    }
  } catch (error) {
    if (error instanceof RenderError) {
      throw error;
    }
    // Not YAML: Helm says so, in its words, when it loads the chart.
  }
  return 'release-name';
}

/**
 * Whether the request's folder holds a Chart.yaml.
 *
 * @public
 */
export async function hasChart(request: RenderRequest): Promise<boolean> {
  const root = canonicalRepositoryPath(request.path);
  if (!root) {
    return false;
  }
  const entry = await request.snapshot.stat(
    root === '.' ? 'Chart.yaml' : `${root}/Chart.yaml`,
  );
  return entry?.type === 'file';
}
