import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseAllDocuments,
  parseDocument,
  Scalar,
  stringify,
} from 'yaml';
import { OverlayEditError } from './OverlayEditError';

/**
 * Parsed YAML that remembers its text, so edits can splice exactly the bytes
 * of the nodes they change and leave every other byte — comments, blank
 * lines, quoting, indentation — as it was.
 */
export interface YamlSource {
  text: string;
  file: string;
  documents: Document.Parsed[];
  lineOf(offset: number): number;
}

/** Parses one or more YAML documents; malformed YAML names file and line. */
export function parseYamlSource(
  text: string,
  file: string,
  options: { multiDocument: boolean },
): YamlSource {
  const lineCounter = new LineCounter();
  const documents = options.multiDocument
    ? parseAllDocuments(text, { lineCounter })
    : [parseDocument(text, { lineCounter })];
  if (!Array.isArray(documents)) {
    throw new OverlayEditError('is not valid YAML', file);
  }
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new OverlayEditError(
        `is not valid YAML: ${error.message.split('\n')[0]}`,
        file,
        line,
      );
    }
  }
  return {
    text,
    file,
    documents: documents as Document.Parsed[],
    lineOf: offset => lineCounter.linePos(offset).line,
  };
}

/** Replaces `[start, end)` of `text`. */
export function splice(
  text: string,
  start: number,
  end: number,
  insert: string,
) {
  return text.slice(0, start) + insert + text.slice(end);
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the newline that ends the line at `offset` (or the text's end). */
export function lineEndOf(text: string, offset: number): number {
  const index = text.indexOf('\n', offset);
  if (index < 0) {
    return text.length;
  }
  return text[index - 1] === '\r' ? index - 1 : index;
}

/** Offset of the first character of the line after the one at `offset`. */
export function nextLineStart(text: string, offset: number): number {
  const index = text.indexOf('\n', offset);
  return index < 0 ? text.length : index + 1;
}

/** The line break the file uses. */
export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Where the last character of a node's own content is, before comments. */
export function contentEnd(node: Node): number {
  if (isMap(node) || isSeq(node)) {
    if (node.flow || node.items.length === 0) {
      return node.range![1];
    }
    const last = node.items[node.items.length - 1] as unknown;
    if (isMap(node)) {
      const pair = last as { key: Node; value: Node | null };
      return contentEnd(pair.value ?? pair.key);
    }
    return contentEnd(last as Node);
  }
  return node.range![1];
}

/**
 * The text of a scalar holding `value`, in the quoting style of the scalar it
 * replaces: quoted stays quoted, plain stays plain unless YAML would then
 * read something other than this string (`1.10`, `true`).
 */
export function formatScalar(value: string, like?: Scalar): string {
  if (like?.type === Scalar.QUOTE_DOUBLE) {
    return JSON.stringify(value);
  }
  if (like?.type === Scalar.QUOTE_SINGLE) {
    return `'${value.replace(/'/g, "''")}'`;
  }
  return stringify(value).trimEnd();
}

/** The scalar string of a node, or undefined when it is not one. */
export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string'
    ? node.value
    : undefined;
}
