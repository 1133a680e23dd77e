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

/** A compiled field selector over an object. */
export type FieldMatcher = (object: Record<string, any>) => boolean;

/**
 * Parses the `fieldSelector` query syntax (`metadata.name=x`,
 * `status.phase!=Running`, comma-separated) over dotted paths of the
 * object; a missing field compares as the empty string, as upstream.
 */
export function compileFieldSelector(
  selector: string | undefined,
): FieldMatcher {
  if (!selector) {
    return () => true;
  }
  const terms = selector
    .split(',')
    .map(t => t.trim())
    .filter(t => t !== '')
    .map(term => {
      const m = /^([A-Za-z0-9_.\-]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
      if (!m) {
        throw StatusError.badRequest(
          `invalid field selector: '${term}': expected an operator`,
        );
      }
      return { path: m[1].split('.'), negate: m[2] === '!=', value: m[3] };
    });
  return object =>
    terms.every(t => {
      let node: any = object;
      for (const segment of t.path) {
        node = node?.[segment];
      }
      const actual = node === undefined || node === null ? '' : String(node);
      return t.negate ? actual !== t.value : actual === t.value;
    });
}
