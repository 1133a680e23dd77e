import { findContainerImages } from './containerImages';
import { parseImageReference } from './imageReference';
import { parseYamlSource } from './yamlSource';

/**
 * A container image found in a plain-YAML manifest.
 *
 * @public
 */
export interface ContainerImage {
  /** The full reference as written. */
  reference: string;
  /** The reference without tag and digest. */
  repository: string;
  tag?: string;
  digest?: string;
  container?: string;
  /** 1-based line of the `image:` value. */
  line: number;
  /** 1-based index of the YAML document in the file. */
  document: number;
}

/**
 * The container images (`containers` and `initContainers`) of every document
 * of a manifest file, optionally only those of one repository.
 *
 * @public
 */
export function readContainerImages(
  yamlText: string,
  file: string,
  image?: string,
): ContainerImage[] {
  const source = parseYamlSource(yamlText, file, { multiDocument: true });
  return findContainerImages(source)
    .map(({ node, container, document }) => {
      const reference = node.value;
      const parsed = parseImageReference(reference);
      return {
        reference,
        repository: parsed.repository,
        ...(parsed.tag !== undefined ? { tag: parsed.tag } : {}),
        ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}),
        ...(container !== undefined ? { container } : {}),
        line: source.lineOf(node.range![0]),
        document,
      };
    })
    .filter(found => image === undefined || found.repository === image);
}
