import { findContainerImages } from './containerImages';
import { formatImageReference, parseImageReference } from './imageReference';
import {
  checkImageVersionUpdate,
  ImageVersionUpdate,
} from './ImageVersionUpdate';
import { OverlayEditError } from './OverlayEditError';
import { formatScalar, parseYamlSource, splice } from './yamlSource';

/**
 * Sets the tag or digest of every container image (`containers[].image`,
 * `initContainers[].image`) whose repository is the given image, in every
 * document of a plain-YAML manifest file. Only the image values are
 * rewritten; everything else keeps its bytes. Fails when no container uses
 * the image, so a deploy never silently changes nothing.
 *
 * @public
 */
export function setContainerImages(
  yamlText: string,
  file: string,
  update: ImageVersionUpdate,
): string {
  const checked = checkImageVersionUpdate(update, file);
  const source = parseYamlSource(yamlText, file, { multiDocument: true });
  const matches = findContainerImages(source).filter(
    ({ node }) => parseImageReference(node.value).repository === checked.image,
  );
  if (matches.length === 0) {
    throw new OverlayEditError(
      `no container uses the image ${checked.image}`,
      file,
    );
  }
  const reference = formatImageReference(
    checked.image,
    checked.kind === 'tag' ? { tag: checked.value } : { digest: checked.value },
  );
  // From the end, so earlier offsets stay valid.
  return matches
    .map(({ node }) => node)
    .sort((a, b) => b.range![0] - a.range![0])
    .reduce(
      (text, node) =>
        splice(
          text,
          node.range![0],
          node.range![1],
          formatScalar(reference, node),
        ),
      yamlText,
    );
}
