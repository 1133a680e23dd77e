import { isMap, isPair, isScalar, isSeq, Scalar, visit } from 'yaml';
import { YamlSource } from './yamlSource';

const CONTAINER_LISTS = new Set(['containers', 'initContainers']);

/** One `image:` value of a container, located in its source. */
export interface ContainerImageNode {
  node: Scalar<string>;
  container?: string;
  /** 1-based index of the YAML document in the file. */
  document: number;
}

/**
 * Every `containers[].image` and `initContainers[].image` in every document,
 * wherever the pod template sits (Deployment, CronJob, Rollout, …).
 */
export function findContainerImages(source: YamlSource): ContainerImageNode[] {
  const found: ContainerImageNode[] = [];
  source.documents.forEach((document, index) => {
    visit(document, {
      Pair(_, pair) {
        if (
          !isScalar(pair.key) ||
          !CONTAINER_LISTS.has(String(pair.key.value))
        ) {
          return;
        }
        if (!isSeq(pair.value)) {
          return;
        }
        for (const item of pair.value.items) {
          if (!isMap(item)) {
            continue;
          }
          const image = item.items.find(
            p => isPair(p) && isScalar(p.key) && p.key.value === 'image',
          );
          if (
            image &&
            isScalar(image.value) &&
            typeof image.value.value === 'string'
          ) {
            const name = item.get('name');
            found.push({
              node: image.value as Scalar<string>,
              container: typeof name === 'string' ? name : undefined,
              document: index + 1,
            });
          }
        }
      },
    });
  });
  return found;
}
