import { KubernetesObject } from './kubernetesObject';

/**
 * One entry of a folder in a repository snapshot.
 *
 * @public
 */
export interface RepositoryEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink';
}

/**
 * A read-only view of a config repository at one revision. Paths are
 * repository-relative and use forward slashes; implementations refuse paths
 * that leave the repository, so renderers need not re-check every join.
 *
 * @public
 */
export interface RepositorySnapshot {
  /** The commit the snapshot shows. */
  readonly revision: string;
  readFile(path: string): Promise<Buffer>;
  readDirectory(path: string): Promise<RepositoryEntry[]>;
  /** The entry at a path, or undefined when there is none. */
  stat(path: string): Promise<RepositoryEntry | undefined>;
  /**
   * An identifier that changes whenever the file's content changes (a Git
   * blob id, for example), or undefined when the file does not exist. Lets a
   * render cache tell that a file is unchanged across revisions without
   * reading it; snapshots that cannot say cheaply leave it out.
   */
  contentId?(path: string): Promise<string | undefined>;
}

/**
 * What to render: one environment's overlay folder of one application.
 *
 * @public
 */
export interface RenderRequest {
  snapshot: RepositorySnapshot;
  /** The overlay folder, repository-relative. */
  path: string;
}

/**
 * Turns a folder of a config repository into the Kubernetes objects it
 * declares. The engine asks renderers in registration order and uses the first
 * whose `supports` says yes; built-in renderers (Kustomize, then plain YAML)
 * come after those added through the extension point.
 *
 * @public
 */
export interface ManifestRenderer {
  /** Short name shown in errors and status, e.g. `kustomize`. */
  readonly name: string;
  supports(request: RenderRequest): Promise<boolean>;
  /**
   * Renders the folder. Throws {@link RenderError} naming the file (and line
   * where known) when the input is invalid.
   */
  render(request: RenderRequest): Promise<KubernetesObject[]>;
}

/**
 * A render failure that points at the file (and line) at fault.
 *
 * @public
 */
export class RenderError extends Error {
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, location?: { file?: string; line?: number }) {
    const where = location?.file
      ? `${location.file}${location.line ? `:${location.line}` : ''}: `
      : '';
    super(`${where}${message}`);
    this.name = 'RenderError';
    this.file = location?.file;
    this.line = location?.line;
  }
}
