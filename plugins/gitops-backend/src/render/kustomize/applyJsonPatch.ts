import { isPlainObject } from './KustomizeResource';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new Error(`path ${JSON.stringify(pointer)} must start with /`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function locate(
  document: unknown,
  tokens: string[],
  pointer: string,
): { parent: unknown; key: string } {
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      node = node[arrayIndex(node, token, pointer, false)];
    } else if (isPlainObject(node) && token in node) {
      node = node[token];
    } else {
      throw new Error(`path ${pointer} does not exist`);
    }
  }
  return { parent: node, key: tokens[tokens.length - 1] };
}

function arrayIndex(
  list: unknown[],
  token: string,
  pointer: string,
  forAdd: boolean,
): number {
  if (token === '-' && forAdd) {
    return list.length;
  }
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new Error(
      `path ${pointer}: ${JSON.stringify(token)} is not a list index`,
    );
  }
  const index = Number(token);
  if (index > list.length || (!forAdd && index === list.length)) {
    throw new Error(`path ${pointer}: index ${index} is out of range`);
  }
  return index;
}

function get(document: unknown, pointer: string): unknown {
  let node = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) {
      node = node[arrayIndex(node, token, pointer, false)];
    } else if (isPlainObject(node) && token in node) {
      node = node[token];
    } else {
      throw new Error(`path ${pointer} does not exist`);
    }
  }
  return node;
}

function add(document: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    return value;
  }
  const { parent, key } = locate(document, tokens, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, pointer, true), 0, value);
  } else if (isPlainObject(parent)) {
    parent[key] = value;
  } else {
    throw new Error(`path ${pointer} does not exist`);
  }
  return document;
}

function remove(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const { parent, key } = locate(document, tokens, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, pointer, false), 1);
  } else if (isPlainObject(parent) && key in parent) {
    delete parent[key];
  } else {
    throw new Error(`path ${pointer} does not exist`);
  }
  return document;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Applies RFC 6902 operations to a copy of the document. Throws an Error
 * naming the operation (by index) and path that failed.
 */
export function applyJsonPatch(
  document: unknown,
  operations: JsonPatchOperation[],
): unknown {
  let result = structuredClone(document);
  operations.forEach((operation, index) => {
    try {
      switch (operation.op) {
        case 'add':
          result = add(
            result,
            operation.path,
            structuredClone(operation.value),
          );
          break;
        case 'remove':
          result = remove(result, operation.path);
          break;
        case 'replace':
          get(result, operation.path);
          result = add(
            remove(result, operation.path),
            operation.path,
            structuredClone(operation.value),
          );
          break;
        case 'move': {
          const value = get(result, operation.from ?? '');
          result = add(
            remove(result, operation.from ?? ''),
            operation.path,
            value,
          );
          break;
        }
        case 'copy':
          result = add(
            result,
            operation.path,
            structuredClone(get(result, operation.from ?? '')),
          );
          break;
        case 'test':
          if (!equal(get(result, operation.path), operation.value)) {
            throw new Error(`test failed at ${operation.path}`);
          }
          break;
        default:
          throw new Error(
            `unknown op ${JSON.stringify((operation as { op: unknown }).op)}`,
          );
      }
    } catch (error) {
      throw new Error(
        `operation ${index} (${operation.op} ${operation.path}): ${
          (error as Error).message
        }`,
      );
    }
  });
  return result;
}

/** Checks that parsed YAML is a list of operations. */
export function toJsonPatchOperations(
  value: unknown,
): JsonPatchOperation[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  for (const item of value) {
    if (
      !isPlainObject(item) ||
      typeof item.op !== 'string' ||
      typeof item.path !== 'string'
    ) {
      return undefined;
    }
  }
  return value as JsonPatchOperation[];
}
