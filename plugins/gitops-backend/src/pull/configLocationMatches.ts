import { normalizeRepositoryUrl } from '../webhooks/normalizeRepositoryUrl';

/** Where an environment's overlay lives: what an engine object must point at. */
export interface OverlayLocation {
  url: string;
  /** The tracked branch; absent is the repository's default. */
  branch?: string;
  /** The overlay folder, relative to the repository root. */
  overlayPath: string;
}

/**
 * Whether a source an Argo CD Application or a Flux GitRepository names is
 * this overlay: the same repository however it is spelled, the same folder
 * however it is written (`./a/b/`, `a/b`), and the same branch, where a
 * source on the default branch (`HEAD`, empty) matches an application
 * tracking the default branch.
 */
export function configLocationMatches(
  location: OverlayLocation,
  source: { url?: string; path?: string; revision?: string },
): boolean {
  if (!source.url) {
    return false;
  }
  const wanted = normalizeRepositoryUrl(location.url);
  if (!wanted || normalizeRepositoryUrl(source.url) !== wanted) {
    return false;
  }
  if (normalizePath(source.path) !== normalizePath(location.overlayPath)) {
    return false;
  }
  const revision = (source.revision ?? '').replace(/^refs\/heads\//, '');
  const onDefault = revision === '' || revision === 'HEAD';
  return location.branch ? revision === location.branch : onDefault;
}

function normalizePath(path: string | undefined): string {
  return (path ?? '')
    .split('/')
    .filter(segment => segment !== '' && segment !== '.')
    .join('/');
}
