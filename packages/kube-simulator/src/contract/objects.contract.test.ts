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
import { diverges } from './__testUtils__/divergences';

jest.setTimeout(120_000);

const backends = contractBackends().map(b => [b.name, b] as const);

function configMap(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels },
    data: { a: '1' },
  };
}

describe.each(backends)(
  'objects, errors and selectors on %s',
  (name, backend: ContractBackend) => {
    let kube: StartedBackend;
    let cms: string;
    let deployments: string;
    beforeAll(async () => {
      kube = await backend.start();
      cms = `/api/v1/namespaces/${kube.namespace}/configmaps`;
      deployments = `/apis/apps/v1/namespaces/${kube.namespace}/deployments`;
      for (const [cmName, labels] of [
        ['red-web', { color: 'red', tier: 'web' }],
        ['blue-web', { color: 'blue', tier: 'web' }],
        ['green-db', { color: 'green', tier: 'db' }],
        ['plain', {}],
      ] as const) {
        const res = await kube.http.create(cms, configMap(cmName, labels));
        if (res.status !== 201) {
          throw new Error(`Could not create ${cmName}: ${res.status}`);
        }
      }
    });
    afterAll(() => kube?.stop());

    const names = async (query: Record<string, string>) => {
      const res = await kube.http.get(cms, query);
      expect(res.status).toBe(200);
      return (
        res.body.items
          .map((item: any) => item.metadata.name)
          // The controller manager's (see the test below).
          .filter((n: string) => n !== 'kube-root-ca.crt')
          .sort()
      );
    };

    it('publishes the cluster CA in every namespace', async () => {
      const res = await kube.http.eventually(
        () => kube.http.get(`${cms}/kube-root-ca.crt`),
        r => r.status === 200 || diverges(name, 'rootCaConfigMap'),
        60_000,
      );
      expect(
        res.status === 200 &&
          String(res.body.data['ca.crt']).includes('BEGIN CERTIFICATE'),
      ).toBe(!diverges(name, 'rootCaConfigMap'));
    });

    it.each([
      ['tier=web', ['blue-web', 'red-web']],
      ['tier==web,color!=blue', ['red-web']],
      ['color in (red,green)', ['green-db', 'red-web']],
      ['color notin (red,green)', ['blue-web', 'plain']],
      ['tier', ['blue-web', 'green-db', 'red-web']],
      ['!tier', ['plain']],
      ['tier!=db', ['blue-web', 'plain', 'red-web']],
    ])('lists with the label selector %s', async (selector, expected) => {
      expect(await names({ labelSelector: selector })).toEqual(expected);
    });

    it('lists with a field selector on the name', async () => {
      expect(await names({ fieldSelector: 'metadata.name=plain' })).toEqual([
        'plain',
      ]);
      expect(
        await names({
          fieldSelector: 'metadata.name!=plain',
          labelSelector: 'tier=db',
        }),
      ).toEqual(['green-db']);
    });

    it('refuses a malformed label selector', async () => {
      const res = await kube.http.get(cms, { labelSelector: 'color in red' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    });

    it('answers a missing object with a NotFound status', async () => {
      const res = await kube.http.get(`${cms}/missing`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'configmaps "missing" not found',
        details: { name: 'missing', kind: 'configmaps' },
      });
    });

    it('answers a second create with AlreadyExists', async () => {
      const res = await kube.http.create(cms, configMap('plain'));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        reason: 'AlreadyExists',
        message: 'configmaps "plain" already exists',
        details: { name: 'plain', kind: 'configmaps' },
      });
    });

    it('refuses an update from a stale resourceVersion', async () => {
      const live = (await kube.http.get(`${cms}/plain`)).body;
      const first = await kube.http.request('PUT', `${cms}/plain`, {
        body: { ...live, data: { a: '2' } },
      });
      expect(first.status).toBe(200);
      const stale = await kube.http.request('PUT', `${cms}/plain`, {
        body: { ...live, data: { a: '3' } },
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ reason: 'Conflict', code: 409 });
      expect(stale.body.message).toContain(
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    });

    it('refuses an invalid name', async () => {
      const res = await kube.http.create(cms, configMap('Not_A_Name'));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'Invalid' });
      expect(res.body.details.causes).toContainEqual(
        expect.objectContaining({
          reason: 'FieldValueInvalid',
          field: 'metadata.name',
        }),
      );
    });

    it('refuses a Deployment whose selector misses its template', async () => {
      const res = await kube.http.create(deployments, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'mismatch' },
        spec: {
          selector: { matchLabels: { app: 'one' } },
          template: {
            metadata: { labels: { app: 'other' } },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
          },
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.reason).toBe('Invalid');
      expect(res.body.details.causes).toContainEqual(
        expect.objectContaining({ field: 'spec.template.metadata.labels' }),
      );
    });

    it('refuses a Deployment without containers', async () => {
      const res = await kube.http.create(deployments, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'empty' },
        spec: {
          selector: { matchLabels: { app: 'empty' } },
          template: { metadata: { labels: { app: 'empty' } }, spec: {} },
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.details.causes).toContainEqual(
        expect.objectContaining({ field: 'spec.template.spec.containers' }),
      );
    });

    it('refuses an unknown field under strict field validation', async () => {
      const res = await kube.http.create(
        cms,
        { ...configMap('strict'), surprise: true },
        { fieldValidation: 'Strict' },
      );
      expect({
        status: res.status,
        reason: res.body.reason,
        named: String(res.body.message).includes('unknown field "surprise"'),
      }).toEqual(
        diverges(name, 'strictFieldValidation')
          ? { status: 201, named: false }
          : { status: 400, reason: 'BadRequest', named: true },
      );
    });

    it('merges containers by name in a strategic merge patch', async () => {
      const created = await kube.http.create(deployments, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'smp' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'smp' } },
          template: {
            metadata: { labels: { app: 'smp' } },
            spec: {
              containers: [
                { name: 'app', image: 'app:1' },
                { name: 'log', image: 'log:1' },
              ],
            },
          },
        },
      });
      expect(created.status).toBe(201);
      const res = await kube.http.patch(
        `${deployments}/smp`,
        {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'app', image: 'app:2' },
                  { name: 'log', $patch: 'delete' },
                ],
              },
            },
          },
        },
        'application/strategic-merge-patch+json',
      );
      expect(res.status).toBe(200);
      expect(res.body.spec.template.spec.containers).toEqual([
        expect.objectContaining({ name: 'app', image: 'app:2' }),
      ]);
    });

    it('fills defaults on create', async () => {
      const { spec } = (await kube.http.get(`${deployments}/smp`)).body;
      const pod = spec.template.spec;
      const defaulted = {
        revisionHistoryLimit: spec.revisionHistoryLimit,
        progressDeadlineSeconds: spec.progressDeadlineSeconds,
        strategy: spec.strategy,
        restartPolicy: pod.restartPolicy,
        dnsPolicy: pod.dnsPolicy,
        terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
        imagePullPolicy: pod.containers[0].imagePullPolicy,
        terminationMessagePolicy: pod.containers[0].terminationMessagePolicy,
      };
      expect(defaulted).toEqual(
        diverges(name, 'defaulting')
          ? {}
          : {
              revisionHistoryLimit: 10,
              progressDeadlineSeconds: 600,
              strategy: {
                type: 'RollingUpdate',
                rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
              },
              restartPolicy: 'Always',
              dnsPolicy: 'ClusterFirst',
              terminationGracePeriodSeconds: 30,
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePolicy: 'File',
            },
      );
    });

    it('answers a delete with a Success status', async () => {
      const res = await kube.http.delete(`${cms}/green-db`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Success',
        details: { name: 'green-db', kind: 'configmaps' },
      });
      expect((await kube.http.get(`${cms}/green-db`)).status).toBe(404);
      const again = await kube.http.delete(`${cms}/green-db`);
      expect(again.status).toBe(404);
      expect(again.body.reason).toBe('NotFound');
    });
  },
);
