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

jest.setTimeout(180_000);

const backends = contractBackends().map(b => [b.name, b] as const);

const WAIT = 120_000;

function podTemplate(app: string, image: string) {
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: 'app', image }] },
  };
}

function condition(object: any, type: string) {
  return (object?.status?.conditions ?? []).find((c: any) => c.type === type);
}

describe.each(backends)(
  'workload controllers on %s',
  (name, backend: ContractBackend) => {
    let kube: StartedBackend;
    let ns: string;
    beforeAll(async () => {
      kube = await backend.start();
      ns = kube.namespace;
    });
    afterAll(() => kube?.stop());

    const pods = async (selector: string) =>
      (
        await kube.http.get(`/api/v1/namespaces/${ns}/pods`, {
          labelSelector: selector,
        })
      ).body.items as any[];

    it('drives a Deployment through a ReplicaSet to Ready Pods', async () => {
      const path = `/apis/apps/v1/namespaces/${ns}/deployments/web`;
      const created = await kube.http.apply(
        path,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'web' } },
            template: podTemplate('web', 'web:1'),
          },
        },
        { fieldManager: 'contract' },
      );
      expect(created.status).toBe(201);

      const ready = await kube.http.eventually(
        async () => (await kube.http.get(path)).body,
        d =>
          d.status?.observedGeneration === d.metadata.generation &&
          d.status?.readyReplicas === 2 &&
          d.status?.availableReplicas === 2 &&
          d.status?.updatedReplicas === 2,
        WAIT,
      );
      expect(condition(ready, 'Available')).toMatchObject({
        status: 'True',
        reason: 'MinimumReplicasAvailable',
      });
      expect(condition(ready, 'Progressing')).toMatchObject({
        status: 'True',
        reason: 'NewReplicaSetAvailable',
      });

      const sets = (
        await kube.http.get(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
          labelSelector: 'app=web',
        })
      ).body.items;
      expect(sets).toHaveLength(1);
      expect(sets[0].metadata.ownerReferences).toEqual([
        expect.objectContaining({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: ready.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        }),
      ]);
      expect(sets[0].metadata.labels['pod-template-hash']).toMatch(
        /^[a-z0-9]+$/,
      );
      expect(sets[0].metadata.annotations).toMatchObject({
        'deployment.kubernetes.io/revision': '1',
      });

      const running = await pods('app=web');
      expect(running).toHaveLength(2);
      for (const pod of running) {
        expect(pod.metadata.ownerReferences).toEqual([
          expect.objectContaining({
            kind: 'ReplicaSet',
            name: sets[0].metadata.name,
            controller: true,
          }),
        ]);
        expect(pod.metadata.name).toMatch(
          new RegExp(`^${sets[0].metadata.name}-[a-z0-9]{5}$`),
        );
        expect(pod.status.phase).toBe('Running');
        expect(condition(pod, 'Ready')).toMatchObject({ status: 'True' });
        expect(pod.spec.nodeName).toBeTruthy();
        expect(pod.status.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      }
    });

    it('rolls a new template out and scales the old ReplicaSet down', async () => {
      const path = `/apis/apps/v1/namespaces/${ns}/deployments/web`;
      const patched = await kube.http.patch(
        path,
        {
          spec: {
            template: {
              spec: { containers: [{ name: 'app', image: 'web:2' }] },
            },
          },
        },
        'application/strategic-merge-patch+json',
      );
      expect(patched.status).toBe(200);
      const generation = patched.body.metadata.generation;
      await kube.http.eventually(
        async () => (await kube.http.get(path)).body,
        d =>
          d.status?.observedGeneration === generation &&
          d.status?.updatedReplicas === 2 &&
          d.status?.readyReplicas === 2 &&
          d.status?.replicas === 2,
        WAIT,
      );
      const sets = (
        await kube.http.get(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
          labelSelector: 'app=web',
        })
      ).body.items;
      expect(
        sets
          .map((s: any) => [
            s.metadata.annotations['deployment.kubernetes.io/revision'],
            s.spec.replicas,
          ])
          .sort(),
      ).toEqual([
        ['1', 0],
        ['2', 2],
      ]);
      const current = await kube.http.eventually(
        () => pods('app=web'),
        list =>
          list.length === 2 &&
          list.every(p => p.spec.containers[0].image === 'web:2'),
        WAIT,
      );
      expect(current).toHaveLength(2);
    });

    it('reports a Deployment that cannot progress', async () => {
      const path = `/apis/apps/v1/namespaces/${ns}/deployments/stuck`;
      await kube.http.apply(
        path,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'stuck' },
          spec: {
            replicas: 1,
            progressDeadlineSeconds: 1,
            selector: { matchLabels: { app: 'stuck' } },
            template: {
              ...podTemplate('stuck', 'stuck:1'),
              // No node has this label, so the Pod is never scheduled.
              spec: {
                containers: [{ name: 'app', image: 'stuck:1' }],
                nodeSelector: { 'slipway.dev/none': 'none' },
              },
            },
          },
        },
        { fieldManager: 'contract' },
      );
      const simulated = diverges(name, 'scheduling');
      const settled = await kube.http.eventually(
        async () => (await kube.http.get(path)).body,
        d =>
          condition(d, 'Progressing')?.status === 'False' ||
          (simulated && d.status?.readyReplicas === 1),
        WAIT,
      );
      const [pod] = await pods('app=stuck');
      expect({
        progressing: condition(settled, 'Progressing')?.reason,
        phase: pod.status.phase,
        scheduled: Boolean(pod.spec.nodeName),
      }).toEqual(
        simulated
          ? {
              progressing: 'NewReplicaSetAvailable',
              phase: 'Running',
              scheduled: true,
            }
          : {
              progressing: 'ProgressDeadlineExceeded',
              phase: 'Pending',
              scheduled: false,
            },
      );
    });

    it('deletes the ReplicaSets and Pods of a deleted Deployment', async () => {
      const res = await kube.http.delete(
        `/apis/apps/v1/namespaces/${ns}/deployments/web`,
        { propagationPolicy: 'Foreground' },
      );
      expect(res.status).toBe(200);
      await kube.http.eventually(
        async () => [
          ...(
            await kube.http.get(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
              labelSelector: 'app=web',
            })
          ).body.items,
          ...(await pods('app=web')),
        ],
        rest => rest.length === 0,
        WAIT,
      );
      expect(
        (await kube.http.get(`/apis/apps/v1/namespaces/${ns}/deployments/web`))
          .status,
      ).toBe(404);
    });

    it('brings a StatefulSet up one ordinal at a time', async () => {
      const path = `/apis/apps/v1/namespaces/${ns}/statefulsets/db`;
      const created = await kube.http.apply(
        path,
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'db' },
          spec: {
            replicas: 2,
            serviceName: 'db',
            selector: { matchLabels: { app: 'db' } },
            template: podTemplate('db', 'db:1'),
          },
        },
        { fieldManager: 'contract' },
      );
      expect(created.status).toBe(201);
      const ready = await kube.http.eventually(
        async () => (await kube.http.get(path)).body,
        s =>
          s.status?.observedGeneration === s.metadata.generation &&
          s.status?.readyReplicas === 2 &&
          s.status?.availableReplicas === 2,
        WAIT,
      );
      expect(ready.status.currentRevision).toBe(ready.status.updateRevision);
      expect(ready.status.updatedReplicas).toBe(2);
      expect((await pods('app=db')).map(p => p.metadata.name).sort()).toEqual([
        'db-0',
        'db-1',
      ]);
    });

    it('completes a Job', async () => {
      const path = `/apis/batch/v1/namespaces/${ns}/jobs/once`;
      const created = await kube.http.apply(
        path,
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'once' },
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'once', image: 'once:1' }],
              },
            },
          },
        },
        { fieldManager: 'contract' },
      );
      expect(created.status).toBe(201);
      const done = await kube.http.eventually(
        async () => (await kube.http.get(path)).body,
        j => condition(j, 'Complete')?.status === 'True',
        WAIT,
      );
      expect(done.status.succeeded).toBe(1);
      expect(done.status.completionTime).toBeTruthy();
      const [pod] = await pods(`batch.kubernetes.io/job-name=once`);
      expect(pod.status.phase).toBe('Succeeded');
    });
  },
);
