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

import { kubernetesListMapKeys } from '@slipway/plugin-gitops-common';
import { isObject } from '../objects/isObject';

/**
 * The keys that identify the items of an associative list of the built-in
 * kinds, from the table the GitOps backend's diff reads too. Lists not named
 * there, or holding anything but objects, are atomic: replaced whole by
 * patches and owned whole by one manager.
 */
export function listMapKeys(
  fieldName: string,
  items: unknown[],
): readonly string[] | undefined {
  return items.every(isObject)
    ? kubernetesListMapKeys(fieldName, items)
    : undefined;
}

/** The identity of one associative-list item, from the keys it holds. */
export function listItemKey(
  item: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const key: Record<string, unknown> = {};
  for (const k of [...keys].sort()) {
    if (item[k] !== undefined) {
      key[k] = item[k];
    }
  }
  return key;
}
