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

const byName = ['name'];

/**
 * The keys that identify items of the associative lists of the built-in
 * kinds (`x-kubernetes-list-map-keys` in the real OpenAPI schema), decided
 * by field name and, for `ports`, by what the items hold. Lists not named
 * here are atomic: replaced whole by patches and owned whole by one manager.
 */
export function listMapKeys(
  fieldName: string,
  items: unknown[],
): string[] | undefined {
  if (!items.every(isObject)) {
    return undefined;
  }
  switch (fieldName) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return byName;
    case 'volumeMounts':
      return ['mountPath'];
    case 'volumeDevices':
      return ['devicePath'];
    case 'conditions':
      return ['type'];
    case 'hostAliases':
      return ['ip'];
    case 'ports':
      if (items.some(i => 'containerPort' in i)) {
        return ['containerPort', 'protocol'];
      }
      if (items.some(i => 'port' in i)) {
        return ['port', 'protocol'];
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The identity of one associative-list item, from the keys it holds. */
export function listItemKey(
  item: Record<string, unknown>,
  keys: string[],
): Record<string, unknown> {
  const key: Record<string, unknown> = {};
  for (const k of [...keys].sort()) {
    if (item[k] !== undefined) {
      key[k] = item[k];
    }
  }
  return key;
}
