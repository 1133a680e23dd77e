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

import { compileFieldSelector } from './fieldSelector';
import { compileLabelSelector } from './labelSelector';

describe('selectors', () => {
  const labels = {
    app: 'web',
    tier: 'front',
    'app.kubernetes.io/managed-by': 'slipway',
  };

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['tier in (front, back)', true],
    ['tier notin (front)', false],
    ['app.kubernetes.io/managed-by', true],
    ['!missing', true],
    ['!app', false],
    ['app=web,tier in (back)', false],
    ['', true],
  ])('label selector %p matches: %p', (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects a malformed label selector with a 400', () => {
    expect(() => compileLabelSelector('a=b=c')).toThrow(
      /unable to parse requirement/,
    );
  });

  it('field selectors compare dotted paths', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'ns' },
      status: { phase: 'Running' },
    };
    expect(
      compileFieldSelector('metadata.name=p,status.phase!=Pending')(pod),
    ).toBe(true);
    expect(compileFieldSelector('spec.nodeName=node')(pod)).toBe(false);
    expect(compileFieldSelector('spec.nodeName=')(pod)).toBe(true);
  });
});
