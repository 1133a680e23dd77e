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

import { JsonObject } from '../objects/isObject';

/** A change as watch streams it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The resource key (`deployments.apps`) of the object. */
  resource: string;
  resourceVersion: number;
  object: JsonObject;
  /** For MODIFIED: the object before the change (watches with selectors need it). */
  previous?: JsonObject;
}

export type StoreListener = (event: StoreEvent) => void;

/** Where a stored object lives: resource key, namespace ('' if cluster-scoped), name. */
export interface ObjectRef {
  resource: string;
  namespace: string;
  name: string;
}

/**
 * The in-memory storage of one cluster: objects indexed by resource,
 * namespace and name; dependents by owner uid; one resourceVersion counter;
 * and a bounded log of recent changes so watches can resume.
 *
 * Stored objects are never mutated: every write stores a new object, so
 * events and lists can hand out references safely.
 */
export class ObjectStore {
  private readonly objects = new Map<
    string,
    Map<string, Map<string, JsonObject>>
  >();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly log: StoreEvent[] = [];
  private logStart = 0;
  private revision = 0;
  private readonly listeners = new Map<string, Set<StoreListener>>();
  private readonly allListeners = new Set<StoreListener>();

  constructor(private readonly maxEvents = 100_000) {}

  get(
    resource: string,
    namespace: string,
    name: string,
  ): JsonObject | undefined {
    return this.objects.get(resource)?.get(namespace)?.get(name);
  }

  /** Objects of a resource, in one namespace or (undefined) all of them. */
  list(resource: string, namespace?: string): JsonObject[] {
    const byNamespace = this.objects.get(resource);
    if (!byNamespace) {
      return [];
    }
    if (namespace !== undefined) {
      return [...(byNamespace.get(namespace)?.values() ?? [])];
    }
    const all: JsonObject[] = [];
    for (const names of byNamespace.values()) {
      all.push(...names.values());
    }
    return all;
  }

  /** The resources that have objects in a namespace. */
  resourcesInNamespace(namespace: string): string[] {
    return [...this.objects]
      .filter(([, byNamespace]) => (byNamespace.get(namespace)?.size ?? 0) > 0)
      .map(([resource]) => resource);
  }

  count(): number {
    let n = 0;
    for (const byNamespace of this.objects.values()) {
      for (const names of byNamespace.values()) {
        n += names.size;
      }
    }
    return n;
  }

  currentResourceVersion(): number {
    return this.revision;
  }

  nextResourceVersion(): number {
    this.revision += 1;
    return this.revision;
  }

  /** Stores an object whose `metadata.resourceVersion` is already set. */
  put(resource: string, object: JsonObject): void {
    const { namespace = '', name } = object.metadata;
    let byNamespace = this.objects.get(resource);
    if (!byNamespace) {
      byNamespace = new Map();
      this.objects.set(resource, byNamespace);
    }
    let names = byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      byNamespace.set(namespace, names);
    }
    const previous = names.get(name);
    names.set(name, object);
    if (previous) {
      this.unindexOwners(resource, previous);
    }
    this.indexOwners(resource, object);
    this.emit({
      type: previous ? 'MODIFIED' : 'ADDED',
      resource,
      resourceVersion: Number(object.metadata.resourceVersion),
      object,
      ...(previous ? { previous } : {}),
    });
  }

  /** Removes an object; `final` is what the DELETED event carries. */
  remove(resource: string, final: JsonObject): void {
    const { namespace = '', name } = final.metadata;
    const names = this.objects.get(resource)?.get(namespace);
    const previous = names?.get(name);
    if (!names || !previous) {
      return;
    }
    names.delete(name);
    this.unindexOwners(resource, previous);
    this.emit({
      type: 'DELETED',
      resource,
      resourceVersion: Number(final.metadata.resourceVersion),
      object: final,
    });
  }

  /** Objects that name `uid` in their ownerReferences. */
  dependentsOf(uid: string): ObjectRef[] {
    return [...(this.dependents.get(uid) ?? [])].map(key => {
      const [resource, namespace, name] = key.split('\u0000');
      return { resource, namespace, name };
    });
  }

  /**
   * Changes to a resource after `resourceVersion`, or 'expired' when the
   * log no longer reaches back that far.
   */
  eventsSince(
    resource: string,
    resourceVersion: number,
  ): StoreEvent[] | 'expired' {
    if (resourceVersion < this.logStart) {
      return 'expired';
    }
    return this.log.filter(
      e => e.resource === resource && e.resourceVersion > resourceVersion,
    );
  }

  subscribe(resource: string, listener: StoreListener): () => void {
    let set = this.listeners.get(resource);
    if (!set) {
      set = new Set();
      this.listeners.set(resource, set);
    }
    set.add(listener);
    return () => set!.delete(listener);
  }

  subscribeAll(listener: StoreListener): () => void {
    this.allListeners.add(listener);
    return () => this.allListeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    this.log.push(event);
    // Trimming in batches keeps appends amortised O(1) on a busy cluster.
    if (this.log.length > this.maxEvents * 1.25) {
      const dropped = this.log.splice(0, this.log.length - this.maxEvents);
      this.logStart = dropped[dropped.length - 1].resourceVersion;
    }
    for (const listener of this.listeners.get(event.resource) ?? []) {
      listener(event);
    }
    for (const listener of this.allListeners) {
      listener(event);
    }
  }

  private indexOwners(resource: string, object: JsonObject): void {
    for (const owner of object.metadata.ownerReferences ?? []) {
      if (!owner?.uid) continue;
      let set = this.dependents.get(owner.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(owner.uid, set);
      }
      set.add(refKey(resource, object));
    }
  }

  private unindexOwners(resource: string, object: JsonObject): void {
    for (const owner of object.metadata.ownerReferences ?? []) {
      const set = owner?.uid ? this.dependents.get(owner.uid) : undefined;
      set?.delete(refKey(resource, object));
      if (set && set.size === 0) {
        this.dependents.delete(owner.uid);
      }
    }
  }
}

function refKey(resource: string, object: JsonObject): string {
  return [resource, object.metadata.namespace ?? '', object.metadata.name].join(
    '\u0000',
  );
}
