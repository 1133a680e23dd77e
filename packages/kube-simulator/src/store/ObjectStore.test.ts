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

import { ObjectStore } from './ObjectStore';

function object(name: string, rv: number) {
  return { metadata: { name, namespace: 'ns', resourceVersion: String(rv) } };
}

describe('ObjectStore', () => {
  it('indexes by resource, namespace and name and notifies subscribers', () => {
    const store = new ObjectStore();
    const seen: string[] = [];
    store.subscribe('configmaps.', e =>
      seen.push(`${e.type} ${e.object.metadata.name}`),
    );
    store.put('configmaps.', object('a', store.nextResourceVersion()));
    store.put('secrets.', object('b', store.nextResourceVersion()));
    store.put('configmaps.', object('a', store.nextResourceVersion()));
    store.remove('configmaps.', object('a', store.nextResourceVersion()));
    expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
    expect(store.list('secrets.', 'ns').map(o => o.metadata.name)).toEqual([
      'b',
    ]);
    expect(store.get('configmaps.', 'ns', 'a')).toBeUndefined();
  });

  it('replays changes since a resourceVersion until the log has moved past it', () => {
    const store = new ObjectStore(4);
    for (let i = 0; i < 3; i++) {
      store.put('configmaps.', object(`cm-${i}`, store.nextResourceVersion()));
    }
    expect(store.eventsSince('configmaps.', 1)).toHaveLength(2);
    for (let i = 3; i < 10; i++) {
      store.put('configmaps.', object(`cm-${i}`, store.nextResourceVersion()));
    }
    expect(store.eventsSince('configmaps.', 1)).toBe('expired');
    const recent = store.eventsSince('configmaps.', 8);
    expect(recent).not.toBe('expired');
    expect((recent as any[]).map(e => e.object.metadata.name)).toEqual([
      'cm-8',
      'cm-9',
    ]);
  });
});
