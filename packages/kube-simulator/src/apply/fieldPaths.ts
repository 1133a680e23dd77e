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

import { deepEqual } from '../objects/deepEqual';
import { isObject } from '../objects/isObject';
import { listItemKey, listMapKeys } from '../patch/listMapKeys';

/**
 * A field path in the managed-fields notation, each element `f:<field>` or
 * `k:<json key>` (an associative-list item), joined by newlines so a whole
 * path can be a Set member.
 */
export type FieldPath = string;

const SEP = '\n';

/** Metadata the server owns; no field manager ever does. */
const serverMetadata = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/**
 * The fields an object sets, as managed-fields paths: every leaf value,
 * every atomic list, and every associative-list item with its keys.
 * `withStatus` leaves `status` out for kinds whose status is a subresource.
 */
export function fieldSetOf(
  object: Record<string, unknown>,
  options: { withStatus: boolean },
): Set<FieldPath> {
  const paths = new Set<FieldPath>();
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind') {
      continue;
    }
    if (key === 'status' && !options.withStatus) {
      continue;
    }
    if (key === 'metadata' && isObject(value)) {
      for (const [mk, mv] of Object.entries(value)) {
        if (!serverMetadata.has(mk)) {
          collect(mv, [`f:metadata`, `f:${mk}`], mk, paths);
        }
      }
      continue;
    }
    collect(value, [`f:${key}`], key, paths);
  }
  return paths;
}

function collect(
  value: unknown,
  path: string[],
  field: string,
  paths: Set<FieldPath>,
): void {
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      paths.add(path.join(SEP));
    }
    for (const [key, child] of entries) {
      collect(child, [...path, `f:${key}`], key, paths);
    }
    return;
  }
  if (Array.isArray(value)) {
    const keys = listMapKeys(field, value);
    if (keys && value.length > 0) {
      for (const item of value as Array<Record<string, unknown>>) {
        const itemPath = [...path, keyElement(listItemKey(item, keys))];
        paths.add(itemPath.join(SEP));
        for (const [key, child] of Object.entries(item)) {
          collect(child, [...itemPath, `f:${key}`], key, paths);
        }
      }
      return;
    }
  }
  paths.add(path.join(SEP));
}

function keyElement(key: Record<string, unknown>): string {
  return `k:${JSON.stringify(key)}`;
}

export function splitPath(path: FieldPath): string[] {
  return path.split(SEP);
}

export function joinPath(elements: string[]): FieldPath {
  return elements.join(SEP);
}

/** Whether the path names a whole associative-list item. */
export function isItemPath(path: FieldPath): boolean {
  const elements = splitPath(path);
  return elements[elements.length - 1].startsWith('k:');
}

/** True when `ancestor` is `path` or contains it. */
export function pathContains(ancestor: FieldPath, path: FieldPath): boolean {
  return path === ancestor || path.startsWith(ancestor + SEP);
}

/** The value at a path, or `found: false`. */
export function valueAtPath(
  object: unknown,
  path: FieldPath,
): { found: boolean; value?: unknown } {
  let node: unknown = object;
  for (const element of splitPath(path)) {
    const next = step(node, element);
    if (!next) {
      return { found: false };
    }
    node = next.container[next.index as any];
  }
  return { found: true, value: node };
}

/**
 * Removes the field or list item at a path, then the maps and lists that
 * removal left empty.
 */
export function deleteAtPath(
  object: Record<string, unknown>,
  path: FieldPath,
): void {
  const elements = splitPath(path);
  const chain: Array<{ container: any; index: string | number }> = [];
  let node: unknown = object;
  for (const element of elements) {
    const next = step(node, element);
    if (!next) {
      return;
    }
    chain.push(next);
    node = next.container[next.index as any];
  }
  const target = chain[chain.length - 1];
  removeFrom(target.container, target.index);
  for (let i = chain.length - 2; i >= 0; i--) {
    const { container, index } = chain[i];
    const value = container[index];
    const empty =
      (Array.isArray(value) && value.length === 0) ||
      (isObject(value) && Object.keys(value).length === 0);
    if (!empty) {
      return;
    }
    removeFrom(container, index);
  }
}

function removeFrom(container: any, index: string | number): void {
  if (Array.isArray(container)) {
    container.splice(index as number, 1);
  } else {
    delete container[index];
  }
}

function step(
  node: unknown,
  element: string,
): { container: any; index: string | number } | undefined {
  if (element.startsWith('f:')) {
    const field = element.slice(2);
    if (isObject(node) && field in node) {
      return { container: node, index: field };
    }
    return undefined;
  }
  if (element.startsWith('k:') && Array.isArray(node)) {
    const key = JSON.parse(element.slice(2));
    const index = node.findIndex(
      item =>
        isObject(item) && deepEqual(listItemKey(item, Object.keys(key)), key),
    );
    return index >= 0 ? { container: node, index } : undefined;
  }
  return undefined;
}

/** `.spec.template.spec.containers[name="app"].image`, as in conflict messages. */
export function formatPath(path: FieldPath): string {
  return splitPath(path)
    .map(element => {
      if (element.startsWith('f:')) {
        return `.${element.slice(2)}`;
      }
      const key = JSON.parse(element.slice(2)) as Record<string, unknown>;
      const parts = Object.entries(key).map(
        ([k, v]) => `${k}=${JSON.stringify(v)}`,
      );
      return `[${parts.join(',')}]`;
    })
    .join('');
}
