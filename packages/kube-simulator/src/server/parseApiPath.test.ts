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

import { parseApiPath } from './parseApiPath';

describe('parseApiPath', () => {
  it.each([
    ['/api', { kind: 'api' }],
    ['/apis/', { kind: 'apis' }],
    ['/apis/apps', { kind: 'group', group: 'apps' }],
    ['/api/v1', { kind: 'groupVersion', group: '', version: 'v1' }],
    [
      '/api/v1/namespaces',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        plural: 'namespaces',
        watch: false,
      },
    ],
    [
      '/api/v1/namespaces/shop',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        plural: 'namespaces',
        name: 'shop',
        watch: false,
      },
    ],
    [
      '/api/v1/namespaces/shop/status',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        plural: 'namespaces',
        name: 'shop',
        subresource: 'status',
        watch: false,
      },
    ],
    [
      '/apis/apps/v1/namespaces/shop/deployments/web/status',
      {
        kind: 'resource',
        group: 'apps',
        version: 'v1',
        plural: 'deployments',
        namespace: 'shop',
        name: 'web',
        subresource: 'status',
        watch: false,
      },
    ],
    [
      '/api/v1/watch/namespaces/shop/pods',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        plural: 'pods',
        namespace: 'shop',
        watch: true,
      },
    ],
    [
      '/apis/apps/v1/deployments',
      {
        kind: 'resource',
        group: 'apps',
        version: 'v1',
        plural: 'deployments',
        watch: false,
      },
    ],
    ['/version', { kind: 'version' }],
    ['/metrics', { kind: 'unknown' }],
  ])('%s', (path, expected) => {
    expect(parseApiPath(path)).toEqual(expect.objectContaining(expected));
  });
});
