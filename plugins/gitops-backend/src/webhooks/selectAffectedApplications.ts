import { posix } from 'path';
import { PushEvent } from './PushEvent';
import { normalizeRepositoryUrl } from './normalizeRepositoryUrl';

/**
 * The part of a GitOps application a push is matched against; a
 * `GitOpsApplication` fits.
 *
 * @public
 */
export interface WebhookApplication {
  entityRef: string;
  configRepo: { url: string; path: string; branch?: string };
  environments: Array<{ overlayPath: string }>;
}

/**
 * The applications a push may have changed: same repository, the tracked
 * branch, and a changed path under one of the application's folders.
 *
 * An application's folders are its config path, each overlay folder, and
 * each overlay's `../..`. The last covers the default layout's
 * `envs/<env>` overlays pulling in `../../base` even when the overlay path is
 * configured outside the config path. Kustomize references that climb further
 * or point elsewhere in the repository are not followed here; the engine's
 * periodic refresh picks those changes up.
 *
 * An application tracking the default branch (no branch set) matches a push
 * to the branch the payload names as default, or any branch when the payload
 * does not say: an extra refresh is cheap, a missed one is not.
 *
 * When the push is incomplete every application on the repository and
 * branch matches, since any path may have changed.
 *
 * @public
 */
export function selectAffectedApplications<T extends WebhookApplication>(
  push: PushEvent,
  applications: readonly T[],
): T[] {
  const pushedRepositories = new Set(
    push.repositoryUrls
      .map(normalizeRepositoryUrl)
      .filter((key): key is string => key !== undefined),
  );
  const changedPaths = push.changedPaths.map(normalizePath);
  return applications.filter(application => {
    const repository = normalizeRepositoryUrl(application.configRepo.url);
    if (repository === undefined || !pushedRepositories.has(repository)) {
      return false;
    }
    if (!tracksBranch(application.configRepo.branch, push)) {
      return false;
    }
    if (!push.complete) {
      return true;
    }
    const folders = applicationFolders(application);
    return changedPaths.some(path =>
      folders.some(folder => isInside(path, folder)),
    );
  });
}

function tracksBranch(tracked: string | undefined, push: PushEvent): boolean {
  if (tracked !== undefined) {
    return tracked === push.branch;
  }
  return push.defaultBranch === undefined || push.defaultBranch === push.branch;
}

function applicationFolders(application: WebhookApplication): string[] {
  return [
    normalizePath(application.configRepo.path),
    ...application.environments.flatMap(({ overlayPath }) => [
      normalizePath(overlayPath),
      normalizePath(posix.join(overlayPath, '..', '..')),
    ]),
  ];
}

/** Repository-relative, no `./`, no slashes at either end; `''` is the root. */
function normalizePath(path: string): string {
  return posix.normalize(`/${path}`).replace(/^\/+|\/+$/g, '');
}

function isInside(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}
