import { parseVersion } from '@slipway/plugin-gitops-common';
import { OverlayEditError } from './OverlayEditError';

/**
 * The version to give an image: a tag or a digest.
 *
 * @public
 */
export type ImageVersionUpdate =
  | { image: string; tag: string; digest?: undefined }
  | { image: string; digest: string; tag?: undefined };

/** A validated update: exactly one of tag and digest. */
export type CheckedUpdate =
  | { image: string; kind: 'tag'; value: string }
  | { image: string; kind: 'digest'; value: string };

/**
 * Checks an update before any file is touched: a non-empty image name and
 * exactly one valid tag or digest.
 */
export function checkImageVersionUpdate(
  update: ImageVersionUpdate,
  file: string,
): CheckedUpdate {
  const image = update.image?.trim();
  if (!image || /[\s@]/.test(image)) {
    throw new OverlayEditError(`invalid image name "${update.image}"`, file);
  }
  const hasTag = update.tag !== undefined;
  const hasDigest = update.digest !== undefined;
  if (hasTag === hasDigest) {
    throw new OverlayEditError(
      `give either a tag or a digest for ${image}, not ${
        hasTag ? 'both' : 'neither'
      }`,
      file,
    );
  }
  const parsed = parseVersion(hasTag ? update.tag! : update.digest!);
  if (parsed.kind === 'invalid') {
    throw new OverlayEditError(parsed.problem, file);
  }
  if (hasTag !== (parsed.kind === 'tag')) {
    throw new OverlayEditError(
      hasTag
        ? `"${update.tag}" is a digest; pass it as digest`
        : `"${update.digest}" is not a digest (algorithm:hex)`,
      file,
    );
  }
  return parsed.kind === 'tag'
    ? { image, kind: 'tag', value: parsed.tag }
    : { image, kind: 'digest', value: parsed.digest };
}
