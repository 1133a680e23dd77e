import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { OverlayEditError } from './OverlayEditError';
import { scalarString, YamlSource } from './yamlSource';

/**
 * The `images:` entries of a kustomization, located in its source.
 */
export interface KustomizationImages {
  root?: YAMLMap;
  /** The `images` pair, when present. */
  pair?: Pair<Scalar, unknown>;
  /** The list, when `images` holds one (absent for `images:` with no value). */
  list?: YAMLSeq;
  entries: Array<{ map: YAMLMap; name?: string; newName?: string }>;
}

/** Finds the `images:` list of a kustomization; refuses malformed shapes. */
export function findKustomizationImages(
  source: YamlSource,
): KustomizationImages {
  const { file } = source;
  const root = source.documents[0]?.contents;
  if (root === null || root === undefined) {
    return { entries: [] };
  }
  if (!isMap(root)) {
    throw new OverlayEditError(
      'a kustomization must be a mapping',
      file,
      source.lineOf(root.range?.[0] ?? 0),
    );
  }
  const pair = root.items.find(
    item => isScalar(item.key) && item.key.value === 'images',
  ) as Pair<Scalar, unknown> | undefined;
  if (!pair) {
    return { root, entries: [] };
  }
  const value = pair.value;
  if (
    value === null ||
    value === undefined ||
    (isScalar(value) && value.value === null)
  ) {
    return { root, pair, entries: [] };
  }
  if (!isSeq(value)) {
    const at = (value as { range?: number[] }).range?.[0] ?? pair.key.range![0];
    throw new OverlayEditError(
      '"images" is not a list',
      file,
      source.lineOf(at),
    );
  }
  const entries = value.items.map((item, index) => {
    if (!isMap(item)) {
      const at = (item as { range?: number[] })?.range?.[0] ?? value.range![0];
      throw new OverlayEditError(
        `"images" entry ${index + 1} is not a mapping`,
        file,
        source.lineOf(at),
      );
    }
    return {
      map: item,
      name: scalarString(item.get('name', true)),
      newName: scalarString(item.get('newName', true)),
    };
  });
  return { root, pair, list: value, entries };
}

/** The entry for an image: matched on `name`, then on `newName`. */
export function findImageEntry(images: KustomizationImages, image: string) {
  return (
    images.entries.find(entry => entry.name === image) ??
    images.entries.find(entry => entry.newName === image)
  );
}
