import { Config } from '@backstage/config';
import path from 'node:path';

/** The config key of the folder `gitops:publish:local` publishes into. */
export const LOCAL_PUBLISH_ROOT_KEY = 'gitops.scaffolder.localPublishRoot';

/**
 * The absolute folder local repositories are published into, or undefined
 * when the portal does not publish locally. Relative paths resolve against the
 * backend's working directory, as Backstage's own file paths in config do
 * (e.g. the demo's SQLite directory).
 */
export function readLocalPublishRoot(
  config: Config,
  workingDirectory: string = process.cwd(),
): string | undefined {
  const root = config.getOptionalString(LOCAL_PUBLISH_ROOT_KEY);
  if (root === undefined || root.trim() === '') {
    return undefined;
  }
  return path.resolve(workingDirectory, root);
}
