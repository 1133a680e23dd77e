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

import { jsonPatch } from './jsonPatch';
import { mergePatch } from './mergePatch';
import { strategicMergePatch } from './strategicMergePatch';

const pod = {
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
      { name: 'proxy', image: 'envoy:1' },
    ],
    tolerations: [{ key: 'a' }],
  },
};

describe('patches', () => {
  it('strategic merge merges containers by name and env by name', () => {
    const result = strategicMergePatch(pod, {
      spec: {
        containers: [
          { name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }] },
        ],
      },
    });
    expect(result).toEqual({
      spec: {
        containers: [
          {
            name: 'app',
            image: 'app:2',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'proxy', image: 'envoy:1' },
        ],
        tolerations: [{ key: 'a' }],
      },
    });
  });

  it("strategic merge merges a ServiceAccount's secrets and a pod's spread constraints by key", () => {
    const spread = (topologyKey: string, maxSkew: number) => ({
      topologyKey,
      whenUnsatisfiable: 'DoNotSchedule',
      maxSkew,
    });
    expect(
      strategicMergePatch(
        {
          secrets: [{ name: 'a' }],
          topologySpreadConstraints: [spread('zone', 1), spread('host', 1)],
          readinessGates: [{ conditionType: 'a' }],
        },
        {
          secrets: [{ name: 'b' }],
          topologySpreadConstraints: [spread('zone', 2)],
          readinessGates: [{ conditionType: 'b' }],
        },
      ),
    ).toEqual({
      secrets: [{ name: 'a' }, { name: 'b' }],
      topologySpreadConstraints: [spread('zone', 2), spread('host', 1)],
      // Atomic in Kubernetes: replaced whole.
      readinessGates: [{ conditionType: 'b' }],
    });
  });

  it('strategic merge honours $patch: delete and replaces atomic lists', () => {
    const result = strategicMergePatch(pod, {
      spec: {
        containers: [{ name: 'proxy', $patch: 'delete' }],
        tolerations: [{ key: 'b' }],
      },
    }) as any;
    expect(result.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(result.spec.tolerations).toEqual([{ key: 'b' }]);
  });

  it('merge patch replaces lists and deletes with null', () => {
    expect(
      mergePatch(pod, { spec: { containers: [], tolerations: null } }),
    ).toEqual({ spec: { containers: [] } });
  });

  it('json patch applies operations and fails on a missing path', () => {
    expect(
      jsonPatch({ a: { b: 1 }, l: [1, 2] }, [
        { op: 'replace', path: '/a/b', value: 2 },
        { op: 'add', path: '/l/-', value: 3 },
        { op: 'remove', path: '/l/0' },
        { op: 'test', path: '/a/b', value: 2 },
      ]),
    ).toEqual({ a: { b: 2 }, l: [2, 3] });
    expect(() => jsonPatch({}, [{ op: 'remove', path: '/missing' }])).toThrow(
      'path "/missing" does not exist',
    );
  });
});
