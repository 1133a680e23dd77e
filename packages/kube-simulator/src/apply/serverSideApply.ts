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
import {
  FieldPath,
  deleteAtPath,
  fieldSetOf,
  formatPath,
  isItemPath,
  pathContains,
  valueAtPath,
} from './fieldPaths';
import { Ownership } from './managedFields';

/** A field another manager owns with a different value than the one applied. */
export interface ApplyConflict {
  manager: string;
  apiVersion: string;
  path: FieldPath;
}

export interface ServerSideApplyInput {
  /** The stored object, or undefined when apply creates it. */
  live: Record<string, unknown> | undefined;
  /** The applied configuration. */
  applied: Record<string, unknown>;
  ownership: Ownership[];
  manager: string;
  apiVersion: string;
  force: boolean;
  /** False for kinds whose status lives in a subresource. */
  withStatus: boolean;
}

export type ServerSideApplyResult =
  | { object: Record<string, unknown>; ownership: Ownership[] }
  | { conflicts: ApplyConflict[] };

/**
 * Server-side apply over plain data: the applied configuration becomes the
 * manager's field set; fields it owned before and no longer applies are
 * removed unless another manager owns them; a field another manager owns
 * with a different value is a conflict unless `force` takes it over.
 */
export function serverSideApply(
  input: ServerSideApplyInput,
): ServerSideApplyResult {
  const { live, applied, manager, force, withStatus } = input;
  const appliedFields = fieldSetOf(applied, { withStatus });
  const others = input.ownership
    .filter(o => !(o.manager === input.manager && o.operation === 'Apply'))
    .map(o => ({ ...o, fields: new Set(o.fields) }));
  const previousMine =
    input.ownership.find(o => o.manager === manager && o.operation === 'Apply')
      ?.fields ?? new Set<FieldPath>();

  const conflicts: ApplyConflict[] = [];
  for (const path of appliedFields) {
    if (isItemPath(path)) {
      continue;
    }
    const current = live ? valueAtPath(live, path) : { found: false };
    const same =
      current.found &&
      deepEqual(current.value, valueAtPath(applied, path).value);
    if (same || !current.found) {
      continue;
    }
    for (const other of others) {
      if (other.fields.has(path) && other.manager !== manager) {
        conflicts.push({
          manager: other.manager,
          apiVersion: other.apiVersion,
          path,
        });
        if (force) {
          other.fields.delete(path);
        }
      }
    }
  }
  if (conflicts.length > 0 && !force) {
    return { conflicts };
  }

  const object: Record<string, unknown> = live ? structuredClone(live) : {};
  const removed = [...previousMine]
    .filter(p => !appliedFields.has(p))
    .sort((a, b) => b.length - a.length);
  for (const path of removed) {
    const ownedElsewhere = others.some(o =>
      [...o.fields].some(p => pathContains(path, p)),
    );
    const stillApplied = [...appliedFields].some(p => pathContains(path, p));
    if (!ownedElsewhere && !stillApplied) {
      deleteAtPath(object, path);
    }
  }
  const merged = mergeApplied(object, strip(applied, withStatus), '');

  const ownership = [
    ...others,
    {
      manager,
      operation: 'Apply' as const,
      apiVersion: input.apiVersion,
      time: '',
      fields: appliedFields,
    },
  ];
  return { object: merged as Record<string, unknown>, ownership };
}

function strip(
  applied: Record<string, unknown>,
  withStatus: boolean,
): Record<string, unknown> {
  if (withStatus || !('status' in applied)) {
    return applied;
  }
  const { status: _ignored, ...rest } = applied;
  return rest;
}

function mergeApplied(live: unknown, applied: unknown, field: string): unknown {
  if (isObject(applied)) {
    const result: Record<string, unknown> = isObject(live) ? { ...live } : {};
    for (const [key, value] of Object.entries(applied)) {
      result[key] = mergeApplied(result[key], value, key);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const keys = listMapKeys(field, applied);
    if (keys && live.every(isObject)) {
      const result = [...live] as Array<Record<string, unknown>>;
      for (const item of applied as Array<Record<string, unknown>>) {
        const key = listItemKey(item, keys);
        const index = result.findIndex(e =>
          deepEqual(listItemKey(e, keys), key),
        );
        if (index >= 0) {
          result[index] = mergeApplied(result[index], item, '') as Record<
            string,
            unknown
          >;
        } else {
          result.push(structuredClone(item));
        }
      }
      return result;
    }
  }
  return structuredClone(applied);
}

/** The API server's wording of apply conflicts, used in the 409 Status. */
export function conflictMessage(conflicts: ApplyConflict[]): string {
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) {
    const label = `"${c.manager}" using ${c.apiVersion}`;
    byManager.set(label, [...(byManager.get(label) ?? []), c]);
  }
  const parts = [...byManager].map(([label, list]) =>
    list.length === 1
      ? `conflict with ${label}: ${formatPath(list[0].path)}`
      : `conflicts with ${label}:\n${list
          .map(c => `- ${formatPath(c.path)}`)
          .join('\n')}`,
  );
  const n = conflicts.length;
  return `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join(
    '\n',
  )}`;
}
