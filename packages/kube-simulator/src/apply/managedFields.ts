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
import { FieldPath, fieldSetOf, valueAtPath } from './fieldPaths';
import { fromFieldsV1, toFieldsV1 } from './fieldsV1';

/** One `metadata.managedFields` entry as the API serves it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** A managed-fields entry with its field set decoded, for computation. */
export interface Ownership {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fields: Set<FieldPath>;
}

export function decodeManagedFields(entries: unknown): Ownership[] {
  if (!Array.isArray(entries)) {
    return [];
  }
  return entries
    .filter(e => e && typeof e.manager === 'string')
    .map(e => ({
      manager: e.manager,
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(e.apiVersion ?? ''),
      time: String(e.time ?? ''),
      fields: fromFieldsV1(e.fieldsV1),
    }));
}

/**
 * Encodes ownerships back to entries. An entry whose fields did not change
 * keeps its old time, so writing the same content twice stays a no-op.
 */
export function encodeManagedFields(
  ownerships: Ownership[],
  previous: Ownership[],
  now: string,
): ManagedFieldsEntry[] {
  return ownerships
    .filter(o => o.fields.size > 0)
    .map(o => {
      const before = previous.find(
        p => p.manager === o.manager && p.operation === o.operation,
      );
      const unchanged =
        before &&
        before.apiVersion === o.apiVersion &&
        sameSet(before.fields, o.fields);
      return {
        manager: o.manager,
        operation: o.operation,
        apiVersion: o.apiVersion,
        time: unchanged ? before.time : now,
        fieldsType: 'FieldsV1' as const,
        fieldsV1: toFieldsV1([...o.fields].sort()),
      };
    });
}

export function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every(x => b.has(x));
}

/**
 * Ownership after a non-apply write (create, update, patch) by `manager`:
 * it takes every field whose value it set or changed, from whoever owned it
 * (updates never conflict), and fields the write removed belong to no one.
 */
export function ownershipAfterUpdate(
  previous: Ownership[],
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  manager: string,
  apiVersion: string,
  withStatus: boolean,
): Ownership[] {
  const afterFields = fieldSetOf(after, { withStatus });
  const changed = new Set<FieldPath>();
  for (const path of afterFields) {
    const old = before ? valueAtPath(before, path) : { found: false };
    if (!old.found || !deepEqual(old.value, valueAtPath(after, path).value)) {
      changed.add(path);
    }
  }
  const result: Ownership[] = previous.map(o => ({
    ...o,
    fields: new Set(
      [...o.fields].filter(p => !changed.has(p) && valueAtPath(after, p).found),
    ),
  }));
  if (changed.size > 0) {
    const mine = result.find(
      o => o.manager === manager && o.operation === 'Update',
    );
    if (mine) {
      changed.forEach(p => mine.fields.add(p));
      mine.apiVersion = apiVersion;
    } else {
      result.push({
        manager,
        operation: 'Update',
        apiVersion,
        time: '',
        fields: changed,
      });
    }
  }
  return result;
}
