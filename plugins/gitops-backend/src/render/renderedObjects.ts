import { KubernetesObject, RenderError } from '@slipway/plugin-gitops-node';
import { parseYamlDocuments } from './parseManifests';
import { RenderLimits } from './renderLimits';
import { checkOutputSize } from './RenderReader';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';

/** The request's folder inside the repository, or a RenderError. */
export function renderRoot(path: string): string {
  const root = canonicalRepositoryPath(path);
  if (!root) {
    throw new RenderError('path is outside the repository', { file: path });
  }
  return root;
}

/** A real tool's YAML output, unless it is larger than Slipway allows. */
export function withinOutputLimit(
  yaml: string,
  root: string,
  limits: RenderLimits,
): string {
  withinOutputSize(Buffer.byteLength(yaml, 'utf8'), root, limits);
  return yaml;
}

/** Throws unless `bytes` of output are within Slipway's limit. */
export function withinOutputSize(
  bytes: number,
  root: string,
  limits: RenderLimits,
): void {
  if (bytes > limits.maxOutputBytes) {
    throw new RenderError(
      `rendered output exceeds ${limits.maxOutputBytes} bytes (limit maxOutputBytes)`,
      { file: root },
    );
  }
}

/** The objects of a real tool's YAML output, held to Slipway's limits. */
export function renderedObjects(
  yaml: string,
  root: string,
  limits: RenderLimits,
): KubernetesObject[] {
  const objects = parseYamlDocuments(yaml, root, {
    maxAliasCount: limits.maxAliasCount,
  }).map(document => document.value as KubernetesObject);
  checkOutputSize(objects, limits, root);
  return objects;
}

/**
 * Wraps the snapshot reads a tool makes and keeps the first one Slipway
 * refused (a limit, a path that escapes): it names the file and the limit
 * precisely, so it wins over whatever the tool makes of the failed read.
 */
export function firstRefusal() {
  let refused: unknown;
  return {
    guard: async <T>(read: () => Promise<T>): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        refused ??= error;
        throw error;
      }
    },
    rethrow() {
      if (refused) {
        throw refused;
      }
    },
  };
}
