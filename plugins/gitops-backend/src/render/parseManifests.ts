import { KubernetesObject, RenderError } from '@slipway/plugin-gitops-node';
import { isRecord } from '../health/readField';
import {
  Document,
  isAlias,
  isNode,
  LineCounter,
  parseAllDocuments,
  visit,
} from 'yaml';

/**
 * A parsed YAML document and the line it starts on.
 *
 * @public
 */
export interface ParsedDocument {
  value: unknown;
  line: number;
}

/**
 * A Kubernetes object read from a file, with where it came from.
 *
 * @public
 */
export interface ParsedManifest {
  object: KubernetesObject;
  file: string;
  line: number;
}

/** @public */
export interface ParseManifestsOptions {
  /** Most aliases a document may use or expand; default 100. */
  maxAliasCount?: number;
}

// The core schema's own tags; anything else (`!!python/object`, `!Ref`, …)
// would make parsing depend on code the repository's author chose.
const allowedTags = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
  '!',
]);

function lineOf(lineCounter: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lineCounter.linePos(offset).line;
}

function checkDocument(
  doc: Document.Parsed,
  file: string,
  lineCounter: LineCounter,
  maxAliasCount: number,
): void {
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    const message = problem.message
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '');
    throw new RenderError(`invalid YAML: ${message}`, { file, line });
  }
  let aliases = 0;
  visit(doc, (_key, node) => {
    if (!isNode(node)) {
      return;
    }
    if (isAlias(node)) {
      aliases += 1;
      if (aliases > maxAliasCount) {
        throw new RenderError(
          `YAML uses more than ${maxAliasCount} aliases (limit maxAliasCount)`,
          { file, line: lineOf(lineCounter, node.range?.[0]) },
        );
      }
      return;
    }
    if (node.tag && !allowedTags.has(node.tag)) {
      throw new RenderError(`YAML tag ${node.tag} is not allowed`, {
        file,
        line: lineOf(lineCounter, node.range?.[0]),
      });
    }
  });
}

/**
 * Parses every document of a YAML (or JSON) file safely: YAML 1.2 core schema,
 * duplicate keys refused, custom tags refused, and alias expansion bounded so
 * a few bytes cannot expand into gigabytes. Empty documents are dropped.
 *
 * @public
 */
export function parseYamlDocuments(
  text: string,
  file: string,
  options: ParseManifestsOptions = {},
): ParsedDocument[] {
  const maxAliasCount = options.maxAliasCount ?? 100;
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    merge: false,
    prettyErrors: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const result: ParsedDocument[] = [];
  for (const doc of list) {
    checkDocument(doc as Document.Parsed, file, lineCounter, maxAliasCount);
    const line = lineOf(lineCounter, doc.contents?.range?.[0] ?? doc.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (error) {
      throw new RenderError(
        `YAML aliases expand beyond the limit of ${maxAliasCount} (limit maxAliasCount)`,
        { file, line },
      );
    }
    if (value === null || value === undefined) {
      continue;
    }
    result.push({ value, line });
  }
  return result;
}

/**
 * Refuses YAML whose aliases exceed the limit, for a file another parser
 * (kustomize's) will read: anchors and aliases are counted and expanded
 * here with the same bound as {@link parseYamlDocuments}. Text that is not
 * YAML at all (a generator's source file) is left to that parser.
 */
export function checkYamlAliases(
  text: string,
  file: string,
  maxAliasCount: number,
): void {
  // No alias without a `*`; most files are spared the parse.
  if (!text.includes('*')) {
    return;
  }
  try {
    parseYamlDocuments(text, file, { maxAliasCount });
  } catch (error) {
    if (
      error instanceof RenderError &&
      error.message.includes('(limit maxAliasCount)')
    ) {
      throw error;
    }
  }
}

function toManifest(
  value: unknown,
  file: string,
  line: number,
  where: string,
): KubernetesObject {
  if (!isRecord(value)) {
    throw new RenderError(`${where} is not a mapping`, { file, line });
  }
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw new RenderError(`${where} has no apiVersion`, { file, line });
  }
  if (typeof kind !== 'string' || kind === '') {
    throw new RenderError(`${where} has no kind`, { file, line });
  }
  if (
    !isRecord(metadata) ||
    typeof metadata.name !== 'string' ||
    metadata.name === ''
  ) {
    throw new RenderError(`${where} (${kind}) has no metadata.name`, {
      file,
      line,
    });
  }
  return value as KubernetesObject;
}

/**
 * Parses a manifest file into Kubernetes objects: every document, with
 * `kind: List` documents expanded into their items. Throws a
 * {@link @slipway/plugin-gitops-node#RenderError} naming the file and line of
 * anything that is not a well-formed object.
 *
 * @public
 */
export function parseManifests(
  text: string,
  file: string,
  options: ParseManifestsOptions = {},
): ParsedManifest[] {
  const result: ParsedManifest[] = [];
  for (const { value, line } of parseYamlDocuments(text, file, options)) {
    if (
      isRecord(value) &&
      typeof value.kind === 'string' &&
      value.kind.endsWith('List') &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item, index) => {
        result.push({
          object: toManifest(
            item,
            file,
            line,
            `items[${index}] of the ${value.kind}`,
          ),
          file,
          line,
        });
      });
      continue;
    }
    result.push({
      object: toManifest(value, file, line, 'document'),
      file,
      line,
    });
  }
  return result;
}
