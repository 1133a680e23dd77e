import { isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import {
  checkImageVersionUpdate,
  ImageVersionUpdate,
} from './ImageVersionUpdate';
import { findImageEntry, findKustomizationImages } from './kustomizeImages';
import { OverlayEditError } from './OverlayEditError';
import {
  columnOf,
  contentEnd,
  formatScalar,
  lineBreakOf,
  lineEndOf,
  lineStartOf,
  nextLineStart,
  parseYamlSource,
  splice,
  YamlSource,
} from './yamlSource';

/**
 * Sets the version of an image in a kustomization's `images:` list: `newTag`
 * or `digest` (removing the other), adding the entry — or the list — when
 * missing. Only the bytes of the changed values are rewritten; comments, key
 * order, quoting and indentation stay as they were.
 *
 * @public
 */
export function setKustomizeImage(
  yamlText: string,
  file: string,
  update: ImageVersionUpdate,
): string {
  const checked = checkImageVersionUpdate(update, file);
  const key = checked.kind === 'tag' ? 'newTag' : 'digest';
  const other = checked.kind === 'tag' ? 'digest' : 'newTag';
  const parse = (text: string) =>
    parseYamlSource(text, file, { multiDocument: false });

  let source = parse(yamlText);
  const images = findKustomizationImages(source);
  const entry = findImageEntry(images, checked.image);
  if (!entry) {
    return addEntry(source, images, checked.image, key, checked.value);
  }

  const target = findPair(entry.map, key);
  const replaced = findPair(entry.map, other);
  let text: string;
  if (target) {
    text = replaceValue(source, target, checked.value);
  } else if (replaced) {
    // Switching between tag and digest: the new key takes the old one's place.
    text = replaceValue(source, replaced, checked.value);
    const keyNode = replaced.key as Scalar;
    text = splice(text, keyNode.range![0], keyNode.range![1], key);
    return text;
  } else {
    text = insertPair(source, entry.map, key, formatScalar(checked.value));
  }

  source = parse(text);
  const again = findImageEntry(findKustomizationImages(source), checked.image)!;
  const stale = findPair(again.map, other);
  return stale ? removePair(source, again.map, stale) : text;
}

function findPair(
  map: YAMLMap,
  key: string,
): Pair<Scalar, unknown> | undefined {
  return map.items.find(
    item => isScalar(item.key) && item.key.value === key,
  ) as Pair<Scalar, unknown> | undefined;
}

function replaceValue(
  source: YamlSource,
  pair: Pair<Scalar, unknown>,
  value: string,
): string {
  const node = pair.value;
  if (!isScalar(node) || !node.range || node.source === '') {
    if (node !== null && node !== undefined && !isScalar(node)) {
      throw new OverlayEditError(
        `"${pair.key.value}" is not a plain value`,
        source.file,
        source.lineOf(pair.key.range![0]),
      );
    }
    // `newTag:` with nothing after it.
    const at = pair.key.range![1];
    const colon = source.text.indexOf(':', at);
    return splice(source.text, colon + 1, colon + 1, ` ${formatScalar(value)}`);
  }
  return splice(
    source.text,
    node.range[0],
    node.range[1],
    formatScalar(value, node),
  );
}

function insertPair(
  source: YamlSource,
  map: YAMLMap,
  key: string,
  value: string,
): string {
  const { text } = source;
  const last = map.items[map.items.length - 1] as Pair<Scalar, Scalar | null>;
  const lastEnd = contentEnd((last.value ?? last.key) as Scalar);
  if (map.flow) {
    return splice(text, lastEnd, lastEnd, `, ${key}: ${value}`);
  }
  const column = columnOf(text, (map.items[0].key as Scalar).range![0]);
  const at = lineEndOf(text, lastEnd);
  return splice(
    text,
    at,
    at,
    `${lineBreakOf(text)}${' '.repeat(column)}${key}: ${value}`,
  );
}

function removePair(
  source: YamlSource,
  map: YAMLMap,
  pair: Pair<Scalar, unknown>,
): string {
  const { text } = source;
  const start = pair.key.range![0];
  const end = contentEnd((pair.value ?? pair.key) as Scalar);
  if (map.flow) {
    const index = map.items.indexOf(pair as never);
    if (index > 0) {
      const previous = map.items[index - 1] as Pair<Scalar, Scalar | null>;
      return splice(
        text,
        contentEnd((previous.value ?? previous.key) as Scalar),
        end,
        '',
      );
    }
    const next = map.items[index + 1] as Pair<Scalar, unknown>;
    return splice(text, start, next.key.range![0], '');
  }
  const lineStart = lineStartOf(text, start);
  const lineEnd = lineEndOf(text, end);
  if (text.slice(lineStart, start).trim() === '') {
    return splice(text, lineStart, nextLineStart(text, lineEnd), '');
  }
  // The pair shares its line with the list item's dash: pull the next line up.
  let next = nextLineStart(text, lineEnd);
  while (text[next] === ' ') {
    next += 1;
  }
  return splice(text, start, next, '');
}

function addEntry(
  source: YamlSource,
  images: ReturnType<typeof findKustomizationImages>,
  image: string,
  key: string,
  value: string,
): string {
  const { text } = source;
  const name = formatScalar(image);
  const formatted = formatScalar(value);
  const list = images.list;
  const eol = lineBreakOf(text);

  if (list && list.flow) {
    const close = text.lastIndexOf(']', list.range![1]);
    const item = `{name: ${name}, ${key}: ${formatted}}`;
    if (list.items.length === 0) {
      return splice(text, close, close, item);
    }
    const end = contentEnd(list.items[list.items.length - 1] as YAMLSeq);
    return splice(text, end, end, `, ${item}`);
  }

  if (list && list.items.length > 0) {
    const first = list.items[0] as YAMLMap;
    const itemColumn = columnOf(text, first.range![0]);
    const dashColumn = columnOf(text, list.range![0]);
    const at = lineEndOf(
      text,
      contentEnd(list.items[list.items.length - 1] as YAMLMap),
    );
    const dash = `${' '.repeat(dashColumn)}-${' '.repeat(
      Math.max(1, itemColumn - dashColumn - 1),
    )}`;
    return splice(
      text,
      at,
      at,
      `${eol}${dash}name: ${name}${eol}${' '.repeat(
        itemColumn,
      )}${key}: ${formatted}`,
    );
  }

  const indent = ' '.repeat(topLevelListIndent(source));
  const block = `${indent}- name: ${name}${eol}${indent}  ${key}: ${formatted}`;
  if (images.pair) {
    // `images:` with no value (or `~`): the list goes on the lines below.
    const empty = images.pair.value as Scalar | null;
    let body = text;
    if (empty && empty.range && empty.source !== '') {
      body = splice(text, empty.range[0], empty.range[1], '');
    }
    const at = lineEndOf(body, images.pair.key.range![1]);
    return splice(body, at, at, `${eol}${block}`);
  }
  if (images.root?.flow) {
    throw new OverlayEditError(
      'cannot add "images" to a flow-style kustomization',
      source.file,
      source.lineOf(images.root.range![0]),
    );
  }
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}images:${eol}${block}${eol}`;
}

/** How far this file indents top-level lists (`resources:`), 0 by default. */
function topLevelListIndent(source: YamlSource): number {
  const root = source.documents[0]?.contents as YAMLMap | null;
  for (const item of root?.items ?? []) {
    const value = item.value;
    if (isSeq(value) && !value.flow && value.items.length > 0) {
      const key = item.key as Scalar;
      return (
        columnOf(source.text, value.range![0]) -
        columnOf(source.text, key.range![0])
      );
    }
  }
  return 0;
}
