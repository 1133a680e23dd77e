/*
 * Copyright 2026 The Slipway Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { StatusError } from '../api/StatusError';
import { deepEqual } from '../objects/deepEqual';
import { isObject } from '../objects/isObject';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** Applies an RFC 6902 JSON patch; a failing operation is a 422, as upstream. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw StatusError.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = structuredClone(target);
  for (const raw of operations) {
    const op = raw as JsonPatchOperation;
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        doc = put(doc, path, structuredClone(op.value), true);
        break;
      case 'remove':
        read(doc, path, op.path);
        doc = remove(doc, path);
        break;
      case 'replace':
        read(doc, path, op.path);
        doc = put(doc, path, structuredClone(op.value), false);
        break;
      case 'move': {
        const from = parsePointer(op.from ?? '');
        const value = read(doc, from, op.from ?? '');
        doc = put(remove(doc, from), path, value, true);
        break;
      }
      case 'copy': {
        const from = parsePointer(op.from ?? '');
        doc = put(
          doc,
          path,
          structuredClone(read(doc, from, op.from ?? '')),
          true,
        );
        break;
      }
      case 'test':
        if (!deepEqual(read(doc, path, op.path), op.value)) {
          throw failure(`testing value ${op.path} failed`);
        }
        break;
      default:
        throw failure(`Unexpected kind: ${String((op as any).op)}`);
    }
  }
  return doc;
}

function failure(message: string): StatusError {
  return new StatusError(
    422,
    'Invalid',
    `the server rejected our request due to an error in our request: ${message}`,
  );
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw failure(`invalid JSON pointer "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function read(doc: unknown, path: string[], pointer: string): unknown {
  let node: any = doc;
  for (const segment of path) {
    if (Array.isArray(node)) {
      node = node[Number(segment)];
    } else if (isObject(node)) {
      node = node[segment];
    } else {
      node = undefined;
    }
    if (node === undefined) {
      throw failure(`path "${pointer}" does not exist`);
    }
  }
  return node;
}

function put(
  doc: unknown,
  path: string[],
  value: unknown,
  insert: boolean,
): unknown {
  if (path.length === 0) {
    return value;
  }
  const parent: any = read(
    doc,
    path.slice(0, -1),
    `/${path.slice(0, -1).join('/')}`,
  );
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw failure(`index ${last} is out of bounds`);
    }
    parent.splice(index, insert ? 0 : 1, value);
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    throw failure(`cannot add "${last}" to a scalar`);
  }
  return doc;
}

function remove(doc: unknown, path: string[]): unknown {
  if (path.length === 0) {
    return undefined;
  }
  const parent: any = read(
    doc,
    path.slice(0, -1),
    `/${path.slice(0, -1).join('/')}`,
  );
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(Number(last), 1);
  } else {
    delete parent[last];
  }
  return doc;
}
