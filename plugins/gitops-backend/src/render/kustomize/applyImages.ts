import { visitFieldPath } from './fieldSpecs';
import { isPlainObject, KustomizeResource } from './KustomizeResource';
import { ImageEntry } from './Kustomization';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether an image reference names the image, with any tag or digest. */
export function imageMatches(reference: string, name: string): boolean {
  return new RegExp(
    `^${escapeRegExp(
      name,
    )}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`,
  ).test(reference);
}

/** Splits an image reference into name, tag and digest (a registry port is not a tag). */
export function splitImage(reference: string): {
  name: string;
  tag: string;
  digest: string;
} {
  const slash = reference.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = reference.slice(offset);
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) {
    return { name: reference, tag: '', digest: '' };
  }
  if (at >= 0 && (at < colon || colon < 0)) {
    at += offset;
    return {
      name: reference.slice(0, at),
      tag: '',
      digest: reference.slice(at + 1),
    };
  }
  colon += offset;
  if (at >= 0) {
    at += offset;
    return {
      name: reference.slice(0, colon),
      tag: reference.slice(colon + 1, at),
      digest: reference.slice(at + 1),
    };
  }
  return {
    name: reference.slice(0, colon),
    tag: reference.slice(colon + 1),
    digest: '',
  };
}

/** The reference an `images` entry turns `reference` into. */
export function rewriteImage(reference: string, image: ImageEntry): string {
  if (!imageMatches(reference, image.name)) {
    return reference;
  }
  let { name, tag, digest } = splitImage(reference);
  if (image.newName) {
    name = image.newName;
  }
  if (image.newTag && image.digest) {
    tag = image.newTag;
    digest = image.digest;
  } else if (image.newTag) {
    tag = image.newTag;
    digest = '';
  } else if (image.digest) {
    tag = '';
    digest = image.digest;
  } else if (image.tagSuffix) {
    tag += image.tagSuffix;
    digest = '';
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

const containerFields = new Set(['containers', 'initContainers']);

// Kustomize looks for `containers` and `initContainers` anywhere in an object
// (so custom resources that embed pod specs are covered too).
function rewriteContainers(node: unknown, image: ImageEntry): void {
  if (Array.isArray(node)) {
    node.forEach(item => rewriteContainers(item, image));
    return;
  }
  if (!isPlainObject(node)) {
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    rewriteContainers(value, image);
    if (containerFields.has(key) && Array.isArray(value)) {
      for (const container of value) {
        if (isPlainObject(container) && typeof container.image === 'string') {
          container.image = rewriteImage(container.image, image);
        }
      }
    }
  }
}

const imageVolumePaths = [
  'spec/volumes[]/image/reference',
  'spec/template/spec/volumes[]/image/reference',
];

/** The `images` field: new names, tags and digests for container images. */
export function applyImages(
  resources: KustomizeResource[],
  images: ImageEntry[],
): void {
  for (const image of images) {
    for (const { object } of resources) {
      if (object.kind === 'CustomResourceDefinition') {
        continue;
      }
      rewriteContainers(object, image);
      for (const path of imageVolumePaths) {
        visitFieldPath(object, path, { create: false }, (parent, key) => {
          if (typeof parent[key] === 'string') {
            parent[key] = rewriteImage(parent[key] as string, image);
          }
        });
      }
    }
  }
}
