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

import { randomBytes } from 'node:crypto';
import {
  ContractBackend,
  StartedBackend,
  contractBackends,
} from './__testUtils__/contractBackends';
import { diverges } from './__testUtils__/divergences';

jest.setTimeout(120_000);

const backends = contractBackends().map(b => [b.name, b] as const);

describe.each(backends)(
  'custom resources on %s',
  (name, backend: ContractBackend) => {
    let kube: StartedBackend;
    // CRDs are cluster-wide: a fresh group per run keeps runs apart.
    const group = `c${randomBytes(4).toString('hex')}.contract.slipway.dev`;
    const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`;
    let widgets: string;

    beforeAll(async () => {
      kube = await backend.start();
      widgets = `/apis/${group}/v1/namespaces/${kube.namespace}/widgets`;
    });
    afterAll(async () => {
      await kube?.http.delete(crdPath);
      await kube?.stop();
    });

    it('serves a new resource once its definition is established', async () => {
      const res = await kube.http.apply(
        crdPath,
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `widgets.${group}` },
          spec: {
            group,
            scope: 'Namespaced',
            names: {
              plural: 'widgets',
              singular: 'widget',
              kind: 'Widget',
              listKind: 'WidgetList',
            },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                subresources: { status: {} },
                schema: {
                  openAPIV3Schema: {
                    type: 'object',
                    properties: {
                      spec: {
                        type: 'object',
                        required: ['size'],
                        properties: {
                          size: { type: 'integer', minimum: 1 },
                          color: { type: 'string' },
                        },
                      },
                      status: {
                        type: 'object',
                        properties: { phase: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            ],
          },
        },
        { fieldManager: 'contract' },
      );
      expect(res.status).toBe(201);
      const crd = await kube.http.eventually(
        async () => (await kube.http.get(crdPath)).body,
        c =>
          (c.status?.conditions ?? []).some(
            (cond: any) =>
              cond.type === 'Established' && cond.status === 'True',
          ),
        60_000,
      );
      expect(crd.status.acceptedNames.kind).toBe('Widget');
      const discovery = await kube.http.eventually(
        () => kube.http.get(`/apis/${group}/v1`),
        d => d.status === 200,
        60_000,
      );
      expect(discovery.body.resources).toContainEqual(
        expect.objectContaining({
          name: 'widgets',
          kind: 'Widget',
          namespaced: true,
        }),
      );
      await kube.http.eventually(
        () => kube.http.get(widgets),
        l => l.status === 200,
        60_000,
      );
    });

    it('applies, lists and reports managed fields of custom objects', async () => {
      const res = await kube.http.apply(
        `${widgets}/small`,
        {
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: { name: 'small', labels: { size: 'small' } },
          spec: { size: 1, color: 'red' },
        },
        { fieldManager: 'contract' },
      );
      expect(res.status).toBe(201);
      expect(res.body.metadata.managedFields[0]).toMatchObject({
        manager: 'contract',
        operation: 'Apply',
        apiVersion: `${group}/v1`,
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:size': {} } },
          'f:spec': { 'f:size': {}, 'f:color': {} },
        },
      });
      const list = await kube.http.get(widgets, {
        labelSelector: 'size=small',
      });
      expect(list.body.kind).toBe('WidgetList');
      expect(list.body.items.map((w: any) => w.metadata.name)).toEqual([
        'small',
      ]);
    });

    it('validates custom objects against the schema', async () => {
      const wrongType = await kube.http.create(widgets, {
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name: 'bad' },
        spec: { size: 'large' },
      });
      const missing = await kube.http.create(widgets, {
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name: 'bad-too' },
        spec: { color: 'red' },
      });
      const outcome = (res: { status: number; body: any }) => ({
        status: res.status,
        reason: res.body.reason,
        causes: (res.body.details?.causes ?? []).map((c: any) => [
          c.field,
          c.reason,
        ]),
      });
      expect([outcome(wrongType), outcome(missing)]).toEqual(
        diverges(name, 'customResourceSchemas')
          ? [
              { status: 201, causes: [] },
              { status: 201, causes: [] },
            ]
          : [
              {
                status: 422,
                reason: 'Invalid',
                causes: [['spec.size', 'FieldValueTypeInvalid']],
              },
              {
                status: 422,
                reason: 'Invalid',
                causes: [['spec.size', 'FieldValueRequired']],
              },
            ],
      );
    });

    it('prunes fields the schema does not declare', async () => {
      const res = await kube.http.create(widgets, {
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name: 'pruned' },
        spec: { size: 2, extra: 'dropped' },
      });
      expect(res.status).toBe(201);
      expect(res.body.spec).toEqual(
        diverges(name, 'customResourceSchemas')
          ? { size: 2, extra: 'dropped' }
          : { size: 2 },
      );
    });

    it('keeps status apart when the status subresource is on', async () => {
      const withStatus = await kube.http.patch(
        `${widgets}/small`,
        { spec: { size: 3 }, status: { phase: 'Ignored' } },
        'application/merge-patch+json',
      );
      expect(withStatus.status).toBe(200);
      expect(withStatus.body.spec.size).toBe(3);
      expect(withStatus.body.status).toBeUndefined();
      const status = await kube.http.patch(
        `${widgets}/small/status`,
        { status: { phase: 'Ready' } },
        'application/merge-patch+json',
      );
      expect(status.status).toBe(200);
      expect(status.body.status).toEqual({ phase: 'Ready' });
      expect(status.body.metadata.generation).toBe(
        withStatus.body.metadata.generation,
      );
    });

    it('stops serving the resource when its definition is deleted', async () => {
      const res = await kube.http.delete(crdPath);
      expect(res.status).toBe(200);
      await kube.http.eventually(
        () => kube.http.get(widgets),
        l => l.status === 404,
        60_000,
      );
    });
  },
);
