import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import { RenderLimits, resolveRenderLimits } from './renderLimits';
import { checkOutputSize, RenderReader } from './RenderReader';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';

/** @public */
export interface PlainRendererOptions {
  limits?: Partial<RenderLimits>;
}

const manifestFile = /\.(ya?ml|json)$/i;

/**
 * Renders a folder of plain manifests: every `*.yaml`, `*.yml` and `*.json`
 * file below it (hidden folders excluded), in path order, every document of
 * each file.
 *
 * @public
 */
export class PlainRenderer implements ManifestRenderer {
  readonly name = 'plain';
  readonly #limits: RenderLimits;

  constructor(options: PlainRendererOptions = {}) {
    this.#limits = resolveRenderLimits(options.limits);
  }

  async supports(request: RenderRequest): Promise<boolean> {
    const path = canonicalRepositoryPath(request.path);
    return (
      path !== undefined &&
      (await request.snapshot.stat(path))?.type === 'directory'
    );
  }

  async render(request: RenderRequest): Promise<KubernetesObject[]> {
    const root = canonicalRepositoryPath(request.path);
    if (!root) {
      throw new RenderError('path is outside the repository', {
        file: request.path,
      });
    }
    const reader = new RenderReader(request.snapshot, this.#limits);
    if ((await reader.typeOf(root)) !== 'directory') {
      throw new RenderError('no such directory', { file: root });
    }
    const files: string[] = [];
    await this.#collect(reader, root, files);
    const objects: KubernetesObject[] = [];
    for (const file of files) {
      for (const manifest of await reader.manifests(file)) {
        objects.push(manifest.object);
      }
    }
    checkOutputSize(objects, this.#limits, root);
    return objects;
  }

  async #collect(reader: RenderReader, folder: string, files: string[]) {
    for (const entry of await reader.snapshot.readDirectory(folder)) {
      if (entry.name.startsWith('.')) {
        continue;
      }
      const path = folder === '.' ? entry.name : `${folder}/${entry.name}`;
      const type =
        entry.type === 'symlink' ? await reader.typeOf(path) : entry.type;
      if (type === 'directory') {
        await this.#collect(reader, path, files);
      } else if (type === 'file' && manifestFile.test(entry.name)) {
        if (files.length >= this.#limits.maxFiles) {
          throw new RenderError(
            `folder holds more than ${
              this.#limits.maxFiles
            } manifest files (limit maxFiles)`,
            { file: path },
          );
        }
        files.push(path);
      }
    }
  }
}
