import {
  ApplicationEnvironment,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { RepositoryCache } from '../git';
import { withTracking } from '../kubernetes';
import { RenderCache } from '../render';
import { findApplicationVersion } from './findApplicationVersion';

/** What Git declares for one application in one environment at a revision. */
export interface DesiredState {
  revision: string;
  /** With Slipway's tracking labels, as the built-in engine applies them. */
  objects: KubernetesObject[];
  /** As Git declares them, as Argo CD and Flux apply them. */
  rendered: KubernetesObject[];
  version?: string;
  image?: string;
}

/** Options of {@link DesiredStateReader}. */
export interface DesiredStateReaderOptions {
  repositories: Pick<RepositoryCache, 'readTree'>;
  renderCache: Pick<RenderCache, 'peek' | 'render'>;
}

/** Renders an environment's overlay at a revision, through the render cache. */
export class DesiredStateReader {
  constructor(private readonly options: DesiredStateReaderOptions) {}

  async read(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    revision: string,
  ): Promise<DesiredState> {
    const { repositories, renderCache } = this.options;
    const { url } = application.configRepo;
    // Most passes find nothing changed: the cached render is all they need,
    // without reading the commit's files.
    const rendered =
      renderCache.peek(url, revision, environment.overlayPath) ??
      (await renderCache.render(url, {
        snapshot: await repositories.readTree(
          url,
          revision,
          environment.overlayPath,
        ),
        path: environment.overlayPath,
      }));
    const found = findApplicationVersion(rendered.objects, application.image);
    return {
      revision,
      rendered: rendered.objects,
      objects: rendered.objects.map(object =>
        withTracking(object, application.entityRef, environment.name),
      ),
      version: found?.version,
      image: found?.image ?? application.image,
    };
  }
}
