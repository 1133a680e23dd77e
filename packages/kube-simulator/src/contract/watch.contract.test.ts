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

function configMap(name: string, data: Record<string, string>, labels = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels },
    data,
  };
}

describe.each(backends)('watches on %s', (_name, backend: ContractBackend) => {
  let kube: StartedBackend;
  let cms: string;
  beforeAll(async () => {
    kube = await backend.start();
    cms = `/api/v1/namespaces/${kube.namespace}/configmaps`;
  });
  afterAll(() => kube?.stop());

  it('streams the changes after a list, in order', async () => {
    await kube.http.create(cms, configMap('before', { a: '1' }));
    const list = await kube.http.get(cms);
    expect(list.status).toBe(200);
    expect(list.body.kind).toBe('ConfigMapList');
    const listedAt = list.body.metadata.resourceVersion;
    expect(listedAt).toMatch(/^\d+$/);

    const watch = await kube.http.watch(cms, { resourceVersion: listedAt });
    try {
      expect(watch.status).toBe(200);
      await kube.http.create(cms, configMap('during', { a: '1' }));
      await kube.http.patch(
        `${cms}/during`,
        { data: { a: '2' } },
        'application/merge-patch+json',
      );
      await kube.http.delete(`${cms}/during`);
      await watch.next(e => e.type === 'DELETED', 30_000);
      // The object listed before the watch is not replayed.
      expect(watch.events.map(e => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'during'],
        ['MODIFIED', 'during'],
        ['DELETED', 'during'],
      ]);
      expect(watch.events[0].object).toMatchObject({
        apiVersion: 'v1',
        kind: 'ConfigMap',
      });
      const versions = watch.events.map(e =>
        Number(e.object.metadata.resourceVersion),
      );
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
      expect(versions[0]).toBeGreaterThan(Number(listedAt));
    } finally {
      watch.close();
    }
  });

  it('starts with the current objects when given no resourceVersion', async () => {
    const watch = await kube.http.watch(cms);
    try {
      await watch.next(e => e.object.metadata?.name === 'before', 30_000);
      expect(watch.events[0].type).toBe('ADDED');
    } finally {
      watch.close();
    }
  });

  it('sends only the objects its label selector matches', async () => {
    const watch = await kube.http.watch(cms, {
      labelSelector: 'tier=web',
      resourceVersion: (await kube.http.get(cms)).body.metadata.resourceVersion,
    });
    try {
      await kube.http.create(cms, configMap('db', {}, { tier: 'db' }));
      await kube.http.create(cms, configMap('web', {}, { tier: 'web' }));
      // A label change that takes an object out of the selection is a DELETED.
      await kube.http.patch(
        `${cms}/web`,
        { metadata: { labels: { tier: 'db' } } },
        'application/merge-patch+json',
      );
      await watch.next(e => e.type === 'DELETED', 30_000);
      expect(watch.events.map(e => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'web'],
        ['DELETED', 'web'],
      ]);
    } finally {
      watch.close();
    }
  });

  it('ends the initial objects with a bookmark when asked to', async () => {
    const watch = await kube.http.watch(cms, { allowWatchBookmarks: true });
    try {
      const bookmark = await watch.next(e => e.type === 'BOOKMARK', 30_000);
      expect(bookmark.object).toMatchObject({
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
      });
      const at = watch.events.indexOf(bookmark);
      expect(at).toBeGreaterThan(0);
      expect(watch.events.slice(0, at).every(e => e.type === 'ADDED')).toBe(
        true,
      );
    } finally {
      watch.close();
    }
  });

  it('tells a quiet watch how far the resource has moved on, before its timeout', async () => {
    const started = Date.now();
    const watch = await kube.http.watch(cms, {
      allowWatchBookmarks: true,
      timeoutSeconds: 10,
      labelSelector: 'matches=nothing',
      resourceVersion: (await kube.http.get(cms)).body.metadata.resourceVersion,
    });
    try {
      // Changes the watch does not select: only a bookmark can tell of them.
      const created = await kube.http.create(cms, configMap('unseen', {}));
      const after = Number(created.body.metadata.resourceVersion);
      const bookmark = await watch.next(
        e =>
          e.type === 'BOOKMARK' &&
          Number(e.object.metadata.resourceVersion) >= after,
        30_000,
      );
      expect(bookmark.object).toMatchObject({
        kind: 'ConfigMap',
        apiVersion: 'v1',
      });
      expect(watch.events.filter(e => e.type !== 'BOOKMARK')).toEqual([]);
      await watch.closed(30_000);
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(9);
      expect(seconds).toBeLessThan(25);
    } finally {
      watch.close();
    }
  });

  it('answers a watch from a forgotten resourceVersion with 410 Gone', async () => {
    // Enough changes that the first ones leave every history a server keeps.
    for (let i = 0; i < 300; i++) {
      await kube.http.apply(
        `${cms}/churn`,
        configMap('churn', { i: String(i) }),
        { fieldManager: 'churn' },
      );
    }
    const watch = await kube.http.watch(cms, { resourceVersion: '1' });
    try {
      expect(watch.status).toBe(200);
      const error = await watch.next(e => e.type === 'ERROR', 30_000);
      expect(error.object).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Expired',
        code: 410,
      });
      expect(error.object.message).toContain('too old resource version');
      await watch.closed(30_000);
    } finally {
      watch.close();
    }
  });
});
