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

import {
  ContractBackend,
  StartedBackend,
  contractBackends,
} from './__testUtils__/contractBackends';

jest.setTimeout(120_000);

const backends = contractBackends().map(b => [b.name, b] as const);

function configMap(name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

/** The fieldsV1 of one manager's entry, or undefined when it has none. */
function fieldsOf(object: any, manager: string, operation = 'Apply') {
  return (object.metadata.managedFields ?? []).find(
    (entry: any) => entry.manager === manager && entry.operation === operation,
  )?.fieldsV1;
}

describe.each(backends)(
  'server-side apply on %s',
  (_name, backend: ContractBackend) => {
    let kube: StartedBackend;
    let cms: string;
    beforeAll(async () => {
      kube = await backend.start();
      cms = `/api/v1/namespaces/${kube.namespace}/configmaps`;
    });
    afterAll(() => kube?.stop());

    it('creates the object and records what the manager applied', async () => {
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: '1', b: '2' }),
        { fieldManager: 'alpha' },
      );
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({ a: '1', b: '2' });
      const entry = res.body.metadata.managedFields.find(
        (e: any) => e.manager === 'alpha',
      );
      expect(entry).toMatchObject({
        manager: 'alpha',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
      });
      expect(typeof entry.time).toBe('string');
      expect(entry.fieldsV1).toEqual({ 'f:data': { 'f:a': {}, 'f:b': {} } });
    });

    it('removes a field its manager stops applying', async () => {
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: '1' }),
        { fieldManager: 'alpha' },
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ a: '1' });
      expect(fieldsOf(res.body, 'alpha')).toEqual({ 'f:data': { 'f:a': {} } });
    });

    it('keeps fields another manager set with an update', async () => {
      const patched = await kube.http.patch(
        `${cms}/owned`,
        { data: { c: '3' } },
        'application/merge-patch+json',
        { fieldManager: 'editor' },
      );
      expect(patched.status).toBe(200);
      expect(fieldsOf(patched.body, 'editor', 'Update')).toEqual({
        'f:data': { 'f:c': {} },
      });
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: '1' }),
        { fieldManager: 'alpha' },
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ a: '1', c: '3' });
    });

    it('refuses to change a field another manager owns', async () => {
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: 'changed' }),
        { fieldManager: 'beta' },
      );
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Conflict',
        code: 409,
      });
      expect(res.body.message).toContain('conflict with "alpha"');
      expect(res.body.details.causes).toEqual([
        expect.objectContaining({
          reason: 'FieldManagerConflict',
          field: '.data.a',
        }),
      ]);
      const live = await kube.http.get(`${cms}/owned`);
      expect(live.body.data.a).toBe('1');
    });

    it('shares a field when a second manager applies the same value', async () => {
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: '1' }),
        { fieldManager: 'beta' },
      );
      expect(res.status).toBe(200);
      expect(fieldsOf(res.body, 'alpha')).toEqual({ 'f:data': { 'f:a': {} } });
      expect(fieldsOf(res.body, 'beta')).toEqual({ 'f:data': { 'f:a': {} } });
    });

    it('takes a field over with force', async () => {
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: 'forced' }),
        { fieldManager: 'gamma', force: true },
      );
      expect(res.status).toBe(200);
      expect(res.body.data.a).toBe('forced');
      expect(fieldsOf(res.body, 'gamma')).toEqual({ 'f:data': { 'f:a': {} } });
      // The managers that lost their only field keep no entry.
      expect(fieldsOf(res.body, 'alpha')).toBeUndefined();
      expect(fieldsOf(res.body, 'beta')).toBeUndefined();
    });

    it('needs a field manager', async () => {
      const res = await kube.http.request('PATCH', `${cms}/owned`, {
        body: configMap('owned', { a: '1' }),
        contentType: 'application/apply-patch+yaml',
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        kind: 'Status',
        reason: 'Invalid',
        message:
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      });
      expect(res.body.details.causes).toEqual([
        expect.objectContaining({
          reason: 'FieldValueRequired',
          field: 'fieldManager',
        }),
      ]);
    });

    it('refuses a body whose name differs from the path', async () => {
      const res = await kube.http.apply(
        `${cms}/owned`,
        configMap('other', { z: '1' }),
        { fieldManager: 'delta' },
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        kind: 'Status',
        reason: 'BadRequest',
        message:
          'the name of the object (other) does not match the name on the URL (owned)',
      });
    });

    it('changes nothing on a dry run', async () => {
      const res = await kube.http.apply(
        `${cms}/dry`,
        configMap('dry', { a: '1' }),
        { fieldManager: 'alpha', dryRun: 'All' },
      );
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({ a: '1' });
      expect((await kube.http.get(`${cms}/dry`)).status).toBe(404);

      const before = await kube.http.get(`${cms}/owned`);
      const update = await kube.http.apply(
        `${cms}/owned`,
        configMap('owned', { a: 'dry' }),
        { fieldManager: 'gamma', dryRun: 'All' },
      );
      expect(update.status).toBe(200);
      expect(update.body.data.a).toBe('dry');
      const after = await kube.http.get(`${cms}/owned`);
      expect(after.body.data.a).toBe('forced');
      expect(after.body.metadata.resourceVersion).toBe(
        before.body.metadata.resourceVersion,
      );
    });

    it('merges list entries by their key across managers', async () => {
      const path = `/apis/apps/v1/namespaces/${kube.namespace}/deployments/web`;
      const deployment = (containers: unknown[], extra: object = {}) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          ...extra,
          template: { spec: { containers } },
        },
      });
      const created = await kube.http.apply(
        path,
        deployment([{ name: 'app', image: 'app:1' }], {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: undefined,
        }),
        { fieldManager: 'alpha' },
      );
      // A Deployment needs its template labels: apply them with the rest.
      expect(created.status).toBe(422);
      const full = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
          },
        },
      };
      expect(
        (await kube.http.apply(path, full, { fieldManager: 'alpha' })).status,
      ).toBe(201);
      const sidecar = await kube.http.apply(
        path,
        deployment([{ name: 'proxy', image: 'proxy:1' }]),
        { fieldManager: 'mesh' },
      );
      expect(sidecar.status).toBe(200);
      expect(
        sidecar.body.spec.template.spec.containers.map((c: any) => c.name),
      ).toEqual(['app', 'proxy']);
      expect(
        fieldsOf(sidecar.body, 'mesh')['f:spec']['f:template']['f:spec'][
          'f:containers'
        ],
      ).toEqual({
        'k:{"name":"proxy"}': { '.': {}, 'f:image': {}, 'f:name': {} },
      });
    });

    it('counts generations on spec changes only', async () => {
      const path = `/apis/apps/v1/namespaces/${kube.namespace}/deployments/web`;
      const before = (await kube.http.get(path)).body;
      const labelled = await kube.http.patch(
        path,
        { metadata: { labels: { team: 'shop' } } },
        'application/merge-patch+json',
      );
      expect(labelled.body.metadata.generation).toBe(
        before.metadata.generation,
      );
      expect(Number(labelled.body.metadata.resourceVersion)).toBeGreaterThan(
        Number(before.metadata.resourceVersion),
      );
      const scaled = await kube.http.patch(
        path,
        { spec: { replicas: 2 } },
        'application/merge-patch+json',
      );
      expect(scaled.body.metadata.generation).toBe(
        before.metadata.generation + 1,
      );
    });
  },
);
