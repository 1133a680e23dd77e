import { findImageEntry, findKustomizationImages } from './kustomizeImages';
import { scalarString, parseYamlSource } from './yamlSource';

/**
 * One `images:` entry of a kustomization.
 *
 * @public
 */
export interface KustomizeImage {
  name: string;
  newName?: string;
  tag?: string;
  digest?: string;
}

/**
 * The `images:` entry of a kustomization for an image (matched on `name`,
 * then `newName`), or the first entry when no image is given; undefined when
 * there is none.
 *
 * @public
 */
export function readKustomizeImage(
  yamlText: string,
  file: string,
  image?: string,
): KustomizeImage | undefined {
  const images = findKustomizationImages(
    parseYamlSource(yamlText, file, { multiDocument: false }),
  );
  const entry =
    image === undefined ? images.entries[0] : findImageEntry(images, image);
  if (!entry) {
    return undefined;
  }
  const tag = entry.map.get('newTag', true);
  return {
    name: entry.name ?? '',
    ...(entry.newName !== undefined ? { newName: entry.newName } : {}),
    // A tag written as a number (`newTag: 2`) is still the tag "2".
    ...(tag !== undefined && tag !== null
      ? { tag: scalarString(tag) ?? String((tag as { value: unknown }).value) }
      : {}),
    ...(scalarString(entry.map.get('digest', true)) !== undefined
      ? { digest: scalarString(entry.map.get('digest', true)) }
      : {}),
  };
}
