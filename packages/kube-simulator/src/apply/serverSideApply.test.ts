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

import { fieldSetOf } from './fieldPaths';
import { fromFieldsV1, toFieldsV1 } from './fieldsV1';
import { Ownership } from './managedFields';
import { conflictMessage, serverSideApply } from './serverSideApply';

const base = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', team: 'a' } },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'app', image: 'web:1' }] } },
  },
};

function owner(
  manager: string,
  object: Record<string, unknown>,
  operation: 'Apply' | 'Update' = 'Apply',
): Ownership {
  return {
    manager,
    operation,
    apiVersion: 'apps/v1',
    time: '',
    fields: fieldSetOf(object, { withStatus: false }),
  };
}

describe('serverSideApply', () => {
  it('creates the object and records the applied fields in the API format', () => {
    const result = serverSideApply({
      live: undefined,
      applied: base,
      ownership: [],
      manager: 'slipway',
      apiVersion: 'apps/v1',
      force: false,
      withStatus: false,
    });
    if (!('object' in result)) throw new Error('unexpected conflict');
    expect(result.object).toEqual(base);
    expect(toFieldsV1(result.ownership[0].fields)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {}, 'f:team': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} },
            },
          },
        },
      },
    });
  });

  it('round-trips field sets through fieldsV1', () => {
    const fields = fieldSetOf(base, { withStatus: false });
    expect(fromFieldsV1(toFieldsV1(fields))).toEqual(fields);
  });

  it('reports a conflict when another manager owns a field with a different value', () => {
    const ownership = [owner('slipway', base)];
    const result = serverSideApply({
      live: base,
      applied: { ...base, spec: { replicas: 5 } },
      ownership,
      manager: 'hpa',
      apiVersion: 'apps/v1',
      force: false,
      withStatus: false,
    });
    const conflicts = [
      { manager: 'slipway', apiVersion: 'apps/v1', path: 'f:spec\nf:replicas' },
    ];
    expect(result).toEqual({ conflicts });
    expect(conflictMessage(conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "slipway" using apps/v1: .spec.replicas',
    );
  });

  it('shares fields applied with the same value instead of conflicting', () => {
    const result = serverSideApply({
      live: base,
      applied: { ...base, spec: { replicas: 2 } },
      ownership: [owner('slipway', base)],
      manager: 'other',
      apiVersion: 'apps/v1',
      force: false,
      withStatus: false,
    });
    if (!('object' in result)) throw new Error('unexpected conflict');
    expect(
      result.ownership.every(o => o.fields.has('f:spec\nf:replicas')),
    ).toBe(true);
  });

  it('takes the field over when forced', () => {
    const result = serverSideApply({
      live: base,
      applied: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 5 },
      },
      ownership: [owner('slipway', base)],
      manager: 'hpa',
      apiVersion: 'apps/v1',
      force: true,
      withStatus: false,
    });
    if (!('object' in result)) throw new Error('unexpected conflict');
    expect((result.object.spec as any).replicas).toBe(5);
    const slipway = result.ownership.find(o => o.manager === 'slipway')!;
    expect(slipway.fields.has('f:spec\nf:replicas')).toBe(false);
    expect(slipway.fields.has('f:metadata\nf:labels\nf:app')).toBe(true);
  });

  it('removes fields the manager stopped applying unless someone else owns them', () => {
    const editor = owner(
      'kubectl-label',
      { metadata: { labels: { team: 'a' } } },
      'Update',
    );
    const withoutLabels = { ...base, metadata: { name: 'web' } };
    const result = serverSideApply({
      live: base,
      applied: withoutLabels,
      ownership: [owner('slipway', base), editor],
      manager: 'slipway',
      apiVersion: 'apps/v1',
      force: false,
      withStatus: false,
    });
    if (!('object' in result)) throw new Error('unexpected conflict');
    expect((result.object.metadata as any).labels).toEqual({ team: 'a' });
  });

  it('merges associative lists item by item and drops items no longer applied', () => {
    const two = {
      ...base,
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'web:1' },
              { name: 'proxy', image: 'envoy:1' },
            ],
          },
        },
      },
    };
    const live = { ...two, spec: { ...two.spec, replicas: 2 } };
    const result = serverSideApply({
      live,
      applied: {
        ...base,
        spec: {
          replicas: 2,
          template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } },
        },
      },
      ownership: [owner('slipway', live)],
      manager: 'slipway',
      apiVersion: 'apps/v1',
      force: false,
      withStatus: false,
    });
    if (!('object' in result)) throw new Error('unexpected conflict');
    expect((result.object.spec as any).template.spec.containers).toEqual([
      { name: 'app', image: 'web:2' },
    ]);
  });

  it('ignores status for kinds whose status is a subresource', () => {
    const result = serverSideApply({
      live: { ...base, status: { replicas: 2 } },
      applied: { ...base, status: { replicas: 9 } },
      ownership: [owner('slipway', base)],
      manager: 'slipway',
      apiVersion: 'apps/v1',
      force: false,
      withStatus: false,
    });
    if (!('object' in result)) throw new Error('unexpected conflict');
    expect(result.object.status).toEqual({ replicas: 2 });
  });
});
