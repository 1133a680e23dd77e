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

/** One parsed requirement of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

/** A compiled selector: true when the labels satisfy every requirement. */
export type LabelMatcher = (
  labels: Record<string, string> | undefined,
) => boolean;

/**
 * Parses the `labelSelector` query syntax: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const term of splitTerms(selector)) {
    const set = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    const eq = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(term);
    const exists = /^(!?)\s*([^\s!=(),]+)$/.exec(term);
    if (set) {
      requirements.push({
        key: set[1],
        operator: set[2] as 'in' | 'notin',
        values: set[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v !== ''),
      });
    } else if (eq) {
      requirements.push({
        key: eq[1],
        operator: eq[2] === '!=' ? 'notin' : 'in',
        values: [eq[3]],
      });
    } else if (exists) {
      requirements.push({
        key: exists[2],
        operator: exists[1] ? '!' : 'exists',
        values: [],
      });
    } else {
      throw StatusError.badRequest(
        `unable to parse requirement: found '${term}', expected: identifier`,
      );
    }
  }
  return requirements;
}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') {
    terms.push(current.trim());
  }
  return terms.filter(t => t !== '');
}

export function compileLabelSelector(
  selector: string | undefined,
): LabelMatcher {
  if (!selector) {
    return () => true;
  }
  const requirements = parseLabelSelector(selector);
  return labels => requirements.every(r => matches(r, labels ?? {}));
}

function matches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
      return !has || !r.values.includes(labels[r.key]);
    default:
      return false;
  }
}

/** A matcher for a `matchLabels` map, as workload selectors use it. */
export function matchLabelsMatcher(
  matchLabels: Record<string, string> | undefined,
): LabelMatcher {
  const entries = Object.entries(matchLabels ?? {});
  return labels => entries.every(([k, v]) => labels?.[k] === v);
}
