import { createHash } from 'crypto';
import { isPlainObject } from './KustomizeResource';

// Go's encoding/json escapes these for HTML safety; JSON.stringify does not.
function goEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** JSON with map keys sorted byte-wise, the way Go marshals a map. */
export function goJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(goJson).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter(k => value[k] !== undefined)
      .sort(compareUtf8);
    return `{${keys
      .map(k => `${goEscape(JSON.stringify(k))}:${goJson(value[k])}`)
      .join(',')}}`;
  }
  return goEscape(JSON.stringify(value ?? null));
}

/**
 * Kustomize's encoding of a SHA-256 hex digest into a 10-character name
 * suffix: the first ten hex digits, with 0, 1, 3, a and e swapped for letters
 * so the suffix never reads as a number or a word.
 */
export function encodeHash(hex: string): string {
  const swap: Record<string, string> = {
    '0': 'g',
    '1': 'h',
    '3': 'k',
    a: 'm',
    e: 't',
  };
  return [...hex.slice(0, 10)].map(c => swap[c] ?? c).join('');
}

/**
 * The content hash Kustomize appends to generated ConfigMap and Secret names:
 * SHA-256 over a JSON document of kind, name and data (plus type for a
 * Secret, and binaryData / stringData when present), encoded to ten chars.
 */
export function contentHash(object: Record<string, unknown>): string {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const mapOr = (value: unknown) => (isPlainObject(value) ? value : '');
  let encoded: Record<string, unknown>;
  if (object.kind === 'ConfigMap') {
    encoded = {
      kind: 'ConfigMap',
      name: metadata.name ?? '',
      data: mapOr(object.data),
    };
    if (isPlainObject(object.binaryData)) {
      encoded.binaryData = object.binaryData;
    }
  } else if (object.kind === 'Secret') {
    encoded = {
      kind: 'Secret',
      type: object.type ?? '',
      name: metadata.name ?? '',
      data: mapOr(object.data),
    };
    if (isPlainObject(object.stringData)) {
      encoded.stringData = object.stringData;
    }
  } else {
    encoded = object;
  }
  return encodeHash(
    createHash('sha256').update(goJson(encoded), 'utf8').digest('hex'),
  );
}
