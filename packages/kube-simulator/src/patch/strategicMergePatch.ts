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

import { isObject } from '../objects/isObject';
import { deepEqual } from '../objects/deepEqual';
import { listItemKey, listMapKeys } from './listMapKeys';

/**
 * Kubernetes strategic merge patch for the built-in kinds: like a merge
 * patch, except that associative lists (containers by name, ports by port…)
 * merge item by item and honour `$patch: delete` / `$patch: replace`.
 * Other `$` directives are order hints and are dropped.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) {
    return structuredClone(patch);
  }
  if (patch.$patch === 'replace') {
    return withoutDirectives(patch);
  }
  if (patch.$patch === 'delete') {
    return undefined;
  }
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) {
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value);
    } else {
      const merged = strategicMergePatch(result[key], value);
      if (merged === undefined) {
        delete result[key];
      } else {
        result[key] = merged;
      }
    }
  }
  return result;
}

function mergeList(field: string, target: unknown, patch: unknown[]): unknown {
  const existing = Array.isArray(target) ? target : [];
  const keys = listMapKeys(field, [...existing, ...patch]);
  if (!keys) {
    return patch.map(item =>
      isObject(item) ? withoutDirectives(item) : structuredClone(item),
    );
  }
  if (patch.some(item => isObject(item) && item.$patch === 'replace')) {
    return patch
      .filter(item => !(isObject(item) && item.$patch === 'replace'))
      .map(item => withoutDirectives(item as Record<string, unknown>));
  }
  const result = [...existing] as Array<Record<string, unknown>>;
  for (const item of patch as Array<Record<string, unknown>>) {
    const key = listItemKey(item, keys);
    const index = result.findIndex(e => deepEqual(listItemKey(e, keys), key));
    if (item.$patch === 'delete') {
      if (index >= 0) {
        result.splice(index, 1);
      }
    } else if (index >= 0) {
      result[index] = strategicMergePatch(result[index], item) as Record<
        string,
        unknown
      >;
    } else {
      result.push(withoutDirectives(item));
    }
  }
  return result;
}

function withoutDirectives(
  value: Record<string, unknown>,
): Record<string, unknown> {
  return strategicMergePatch({}, value) as Record<string, unknown>;
}
