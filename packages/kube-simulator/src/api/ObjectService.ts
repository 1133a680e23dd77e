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

import { randomBytes, randomUUID } from 'node:crypto';
import {
  decodeManagedFields,
  encodeManagedFields,
  ownershipAfterUpdate,
  Ownership,
} from '../apply/managedFields';
import { conflictMessage, serverSideApply } from '../apply/serverSideApply';
import { formatPath } from '../apply/fieldPaths';
import { deepEqual } from '../objects/deepEqual';
import { JsonObject, isObject } from '../objects/isObject';
import { jsonPatch } from '../patch/jsonPatch';
import { mergePatch } from '../patch/mergePatch';
import { strategicMergePatch } from '../patch/strategicMergePatch';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import {
  ResourceType,
  apiVersionOf,
  resourceKey,
} from '../resources/ResourceType';
import { resourceTypesFromCrd } from '../resources/resourceTypesFromCrd';
import { compileFieldSelector } from '../selectors/fieldSelector';
import { compileLabelSelector } from '../selectors/labelSelector';
import { ObjectStore } from '../store/ObjectStore';
import { StatusError, KubeStatus } from './StatusError';
import { validateObject } from './validateObject';

/** etcd's default request limit, which bounds one stored object. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** How a write is made, from the request's query and headers. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** `status` for writes to the status subresource. */
  subresource?: 'status';
}

export type PatchType = 'apply' | 'merge' | 'strategic' | 'json';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

const CRD_RESOURCE = 'customresourcedefinitions.apiextensions.k8s.io';
const NAMESPACE_RESOURCE = 'namespaces.';

/**
 * The API semantics of one cluster over its store: create, read, replace,
 * patch, server-side apply and delete, with validation, managed fields,
 * resourceVersion and generation, dry runs, cascading deletion and
 * CustomResourceDefinitions that change what the cluster serves.
 */
export class ObjectService {
  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(type: ResourceType, namespace: string, name: string): JsonObject {
    const object = this.store.get(
      resourceKey(type),
      scope(type, namespace),
      name,
    );
    if (!object) {
      throw StatusError.notFound(type, name);
    }
    return asVersion(type, object);
  }

  list(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ) {
    const labels = compileLabelSelector(options.labelSelector);
    const fields = compileFieldSelector(options.fieldSelector);
    const items = this.store
      .list(
        resourceKey(type),
        type.namespaced ? namespace || undefined : undefined,
      )
      .filter(o => labels(o.metadata.labels) && fields(o))
      .sort(byNamespaceAndName)
      .map(o => asVersion(type, o));
    return {
      apiVersion: apiVersionOf(type),
      kind: `${type.kind}List`,
      metadata: {
        resourceVersion: String(this.store.currentResourceVersion()),
      },
      items,
    };
  }

  create(
    type: ResourceType,
    namespace: string,
    body: unknown,
    options: WriteOptions & { userAgent?: string },
  ): JsonObject {
    const object = this.checkBody(type, namespace, body);
    const metadata = object.metadata;
    if (!metadata.name && metadata.generateName) {
      metadata.name = `${metadata.generateName}${randomSuffix()}`;
    }
    this.checkNamespaceExists(type, metadata.namespace);
    if (
      this.store.get(
        resourceKey(type),
        scope(type, metadata.namespace),
        metadata.name ?? '',
      )
    ) {
      throw StatusError.alreadyExists(type, metadata.name);
    }
    const manager =
      options.fieldManager || managerFromUserAgent(options.userAgent);
    const created = this.initialise(type, object);
    const ownership = ownershipAfterUpdate(
      [],
      undefined,
      created,
      manager,
      apiVersionOf(type),
      !type.hasStatus,
    );
    created.metadata.managedFields = encodeManagedFields(
      ownership,
      [],
      timestamp(this.now()),
    );
    return this.commit(type, undefined, created, options);
  }

  replace(
    type: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    options: WriteOptions & { userAgent?: string },
  ): JsonObject {
    const live = this.liveOrThrow(type, namespace, name);
    return this.updateWith(type, namespace, name, live, body, options);
  }

  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    body: unknown,
    options: WriteOptions & { force?: boolean; userAgent?: string },
  ): JsonObject {
    if (patchType === 'apply') {
      return this.apply(type, namespace, name, body, options);
    }
    const live = this.liveOrThrow(type, namespace, name);
    let patched: unknown;
    switch (patchType) {
      case 'merge':
        patched = mergePatch(live, body);
        break;
      case 'strategic':
        patched = strategicMergePatch(live, body);
        break;
      default:
        patched = jsonPatch(live, body);
    }
    return this.updateWith(type, namespace, name, live, patched, options);
  }

  /**
   * Stores a new version of a live object, as replace and non-apply patches
   * do: a stale resourceVersion is a conflict, server-owned fields are kept,
   * and the change is recorded under its field manager.
   */
  private updateWith(
    type: ResourceType,
    namespace: string,
    name: string,
    live: JsonObject,
    body: unknown,
    options: WriteOptions & { userAgent?: string },
  ): JsonObject {
    const object = this.checkBody(type, namespace, body, name);
    const expected = object.metadata.resourceVersion;
    if (expected && expected !== live.metadata.resourceVersion) {
      throw StatusError.conflict(
        type,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const next = this.keepServerOwned(type, live, object, options.subresource);
    const manager =
      options.fieldManager || managerFromUserAgent(options.userAgent);
    return this.commitUpdate(type, live, next, manager, options);
  }

  delete(
    type: ResourceType,
    namespace: string,
    name: string,
    options: { dryRun?: boolean; propagationPolicy?: string } = {},
  ): JsonObject | KubeStatus {
    const live = this.liveOrThrow(type, namespace, name);
    const finalizers: string[] = live.metadata.finalizers ?? [];
    if (finalizers.length > 0) {
      if (live.metadata.deletionTimestamp) {
        return asVersion(type, live);
      }
      const marked = structuredClone(live);
      marked.metadata.deletionTimestamp = timestamp(this.now());
      marked.metadata.deletionGracePeriodSeconds = 0;
      return this.commit(type, live, marked, options);
    }
    if (!options.dryRun) {
      this.remove(type, live, options.propagationPolicy !== 'Orphan');
    }
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        group: type.group || undefined,
        kind: type.plural,
        uid: live.metadata.uid,
      },
    } as KubeStatus;
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions & { dryRun?: boolean },
  ) {
    const list = this.list(type, namespace, options);
    for (const item of list.items) {
      this.delete(
        type,
        item.metadata.namespace ?? '',
        item.metadata.name,
        options,
      );
    }
    return list;
  }

  /**
   * A write made by the simulated controllers: replaces the stored object's
   * status (or whole body) without validation, as a controller's client
   * would, and without touching managed fields of users.
   */
  controllerWrite(
    type: ResourceType,
    next: JsonObject,
  ): JsonObject | undefined {
    const key = resourceKey(type);
    const live = this.store.get(
      key,
      next.metadata.namespace ?? '',
      next.metadata.name,
    );
    if (!live) {
      const created = this.initialise(type, structuredClone(next), true);
      const ownership = ownershipAfterUpdate(
        [],
        undefined,
        created,
        'kube-controller-manager',
        apiVersionOf(type),
        !type.hasStatus,
      );
      created.metadata.managedFields = encodeManagedFields(
        ownership,
        [],
        timestamp(this.now()),
      );
      return this.commit(type, undefined, created, {});
    }
    if (deepEqual(live, next)) {
      return live;
    }
    return this.commit(type, live, next, {});
  }

  /** Removes an object now, and (when cascading) every object it owns. */
  remove(type: ResourceType, live: JsonObject, cascade = true): void {
    const key = resourceKey(type);
    const final = structuredClone(live);
    final.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.store.remove(key, final);
    if (key === CRD_RESOURCE) {
      this.dropCrd(live);
    }
    if (key === NAMESPACE_RESOURCE) {
      this.dropNamespaceContents(live.metadata.name);
    }
    if (cascade) {
      for (const ref of this.store.dependentsOf(live.metadata.uid)) {
        const dependent = this.store.get(ref.resource, ref.namespace, ref.name);
        const dependentType = this.typeForKey(ref.resource);
        if (dependent && dependentType) {
          this.remove(dependentType, dependent);
        }
      }
    }
  }

  /** The served type for a stored resource key, at any served version. */
  typeForKey(key: string): ResourceType | undefined {
    return this.registry.byKey(key);
  }

  private apply(
    type: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    options: WriteOptions & { force?: boolean },
  ): JsonObject {
    if (!options.fieldManager) {
      // The API server validates the request's PatchOptions like an object.
      throw StatusError.invalid('PatchOptions', 'meta.k8s.io', '', [
        {
          field: 'fieldManager',
          message: 'Required value: is required for apply patch',
          reason: 'FieldValueRequired',
        },
      ]);
    }
    const applied = this.checkBody(type, namespace, body, name);
    const live = this.store.get(
      resourceKey(type),
      scope(type, namespace),
      name,
    );
    if (!live) {
      this.checkNamespaceExists(type, applied.metadata.namespace);
    }
    const expected = applied.metadata.resourceVersion;
    if (expected && live && expected !== live.metadata.resourceVersion) {
      throw StatusError.conflict(
        type,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const withStatus = options.subresource === 'status' || !type.hasStatus;
    const previous = live
      ? decodeManagedFields(live.metadata.managedFields)
      : [];
    const {
      resourceVersion: _rv,
      managedFields: _mf,
      ...appliedMetadata
    } = applied.metadata;
    const result = serverSideApply({
      live,
      applied: { ...applied, metadata: appliedMetadata },
      ownership: previous,
      manager: options.fieldManager,
      apiVersion: apiVersionOf(type),
      force: Boolean(options.force),
      withStatus,
    });
    if ('conflicts' in result) {
      throw new StatusError(
        409,
        'Conflict',
        conflictMessage(result.conflicts),
        {
          causes: result.conflicts.map(c => ({
            reason: 'FieldManagerConflict',
            message: `conflict with "${c.manager}" using ${c.apiVersion}`,
            field: formatPath(c.path),
          })),
        },
      );
    }
    const merged = result.object;
    merged.apiVersion = apiVersionOf(type);
    merged.kind = type.kind;
    const object = live ? merged : this.initialise(type, merged);
    object.metadata.managedFields = encodeManagedFields(
      ordered(result.ownership, previous),
      previous,
      timestamp(this.now()),
    );
    return this.commit(type, live, object, options);
  }

  private commitUpdate(
    type: ResourceType,
    live: JsonObject,
    next: JsonObject,
    manager: string,
    options: WriteOptions,
  ): JsonObject {
    const previous = decodeManagedFields(live.metadata.managedFields);
    const withStatus = options.subresource === 'status' || !type.hasStatus;
    const ownership = ownershipAfterUpdate(
      previous,
      live,
      next,
      manager,
      apiVersionOf(type),
      withStatus,
    );
    next.metadata.managedFields = encodeManagedFields(
      ownership,
      previous,
      timestamp(this.now()),
    );
    const finished =
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0;
    if (finished) {
      if (!options.dryRun) {
        this.remove(type, live);
      }
      return asVersion(type, next);
    }
    return this.commit(type, live, next, options);
  }

  /**
   * Validates and stores a write. Writing what is already stored changes
   * nothing: no new resourceVersion, no event.
   */
  private commit(
    type: ResourceType,
    live: JsonObject | undefined,
    next: JsonObject,
    options: { dryRun?: boolean },
  ): JsonObject {
    validateObject(type, next);
    const size = Buffer.byteLength(JSON.stringify(next));
    if (size > MAX_OBJECT_BYTES) {
      throw new StatusError(
        422,
        'RequestEntityTooLarge',
        `${type.kind} "${next.metadata.name}" is too large: the object is ${size} bytes, more than the limit of ${MAX_OBJECT_BYTES} bytes`,
        {
          name: next.metadata.name,
          group: type.group || undefined,
          kind: type.plural,
        },
      );
    }
    if (live) {
      next.metadata.resourceVersion = live.metadata.resourceVersion;
      if (live.metadata.generation === undefined) {
        delete next.metadata.generation;
      } else {
        next.metadata.generation = live.metadata.generation;
      }
      if (deepEqual(live, next)) {
        return asVersion(type, live);
      }
      if (tracksGeneration(type) && !deepEqual(specOf(live), specOf(next))) {
        next.metadata.generation = (live.metadata.generation ?? 0) + 1;
      }
    }
    if (options.dryRun) {
      return asVersion(type, next);
    }
    if (
      type.group === 'apiextensions.k8s.io' &&
      type.kind === 'CustomResourceDefinition'
    ) {
      this.establishCrd(next);
    }
    next.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.store.put(resourceKey(type), next);
    return asVersion(type, next);
  }

  /**
   * Server-set metadata of a new object. A user's create cannot set the
   * status of a kind with a status subresource; a controller's can.
   */
  private initialise(
    type: ResourceType,
    object: JsonObject,
    keepStatus = false,
  ): JsonObject {
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = timestamp(this.now());
    if (tracksGeneration(type)) {
      object.metadata.generation = 1;
    }
    if (type.hasStatus && !keepStatus && type.kind !== 'Namespace') {
      // A built-in type's status is a struct, so it reads `{}` from the
      // start; a custom object has none until something writes one.
      if (type.custom) {
        delete object.status;
      } else {
        object.status = {};
      }
    }
    if (type.kind === 'Namespace' && type.group === '') {
      object.spec = { finalizers: ['kubernetes'], ...(object.spec ?? {}) };
      object.status = { phase: 'Active' };
      object.metadata.labels = {
        ...(object.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': object.metadata.name,
      };
    }
    return object;
  }

  private checkBody(
    type: ResourceType,
    namespace: string,
    body: unknown,
    name?: string,
  ): JsonObject {
    if (!isObject(body)) {
      throw StatusError.badRequest(
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
      );
    }
    const object = structuredClone(body);
    if (
      object.apiVersion !== undefined &&
      object.apiVersion !== apiVersionOf(type)
    ) {
      throw StatusError.badRequest(
        `the API version in the data (${
          object.apiVersion
        }) does not match the expected API version (${apiVersionOf(type)})`,
      );
    }
    if (object.kind !== undefined && object.kind !== type.kind) {
      throw StatusError.badRequest(
        `the kind in the data (${object.kind}) does not match the expected kind (${type.kind})`,
      );
    }
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata = isObject(object.metadata) ? object.metadata : {};
    if (type.namespaced) {
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw StatusError.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      object.metadata.namespace = namespace;
    } else {
      delete object.metadata.namespace;
    }
    if (name !== undefined) {
      if (object.metadata.name && object.metadata.name !== name) {
        throw StatusError.badRequest(
          `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      object.metadata.name = name;
    }
    return object;
  }

  /** Keeps what a write to the main resource (or to /status) may not change. */
  private keepServerOwned(
    type: ResourceType,
    live: JsonObject,
    next: JsonObject,
    subresource: 'status' | undefined,
  ): JsonObject {
    const fixed = [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'managedFields',
    ];
    for (const key of fixed) {
      if (live.metadata[key] === undefined) {
        delete next.metadata[key];
      } else {
        next.metadata[key] = live.metadata[key];
      }
    }
    if (subresource === 'status') {
      return { ...structuredClone(live), status: next.status };
    }
    if (type.hasStatus) {
      if (live.status === undefined) {
        delete next.status;
      } else {
        next.status = live.status;
      }
    }
    return next;
  }

  private liveOrThrow(
    type: ResourceType,
    namespace: string,
    name: string,
  ): JsonObject {
    const live = this.store.get(
      resourceKey(type),
      scope(type, namespace),
      name,
    );
    if (!live) {
      throw StatusError.notFound(type, name);
    }
    return live;
  }

  private checkNamespaceExists(
    type: ResourceType,
    namespace: string | undefined,
  ): void {
    if (!type.namespaced) {
      return;
    }
    const ns = this.store.get(NAMESPACE_RESOURCE, '', namespace ?? '');
    if (!ns) {
      throw StatusError.notFound(
        { group: '', plural: 'namespaces' },
        namespace ?? '',
      );
    }
    if (ns.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private establishCrd(crd: JsonObject): void {
    const types = resourceTypesFromCrd(crd);
    crd.status = {
      ...(crd.status ?? {}),
      acceptedNames: crd.spec?.names ?? {},
      storedVersions: (crd.spec?.versions ?? [])
        .filter((v: any) => v.storage)
        .map((v: any) => v.name),
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: crd.metadata.creationTimestamp,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: crd.metadata.creationTimestamp,
        },
      ],
    };
    this.registry.registerCrd(crd.metadata.name, types);
  }

  private dropCrd(crd: JsonObject): void {
    const types = this.registry.unregisterCrd(crd.metadata.name);
    const type = types[0];
    if (!type) {
      return;
    }
    for (const object of this.store.list(resourceKey(type))) {
      this.remove(type, object);
    }
  }

  private dropNamespaceContents(namespace: string): void {
    for (const key of this.store.resourcesInNamespace(namespace)) {
      const type = this.typeForKey(key);
      if (!type) continue;
      for (const object of this.store.list(key, namespace)) {
        const current = this.store.get(key, namespace, object.metadata.name);
        if (current) {
          this.remove(type, current);
        }
      }
    }
  }
}

function ordered(ownership: Ownership[], previous: Ownership[]): Ownership[] {
  const index = (o: Ownership) => {
    const i = previous.findIndex(
      p => p.manager === o.manager && p.operation === o.operation,
    );
    return i < 0 ? previous.length : i;
  };
  return [...ownership].sort((a, b) => index(a) - index(b));
}

/**
 * Whether objects of a kind carry metadata.generation: workloads, other
 * grouped kinds and custom resources do; core kinds and RBAC do not.
 */
function tracksGeneration(type: ResourceType): boolean {
  return type.group !== '' && type.group !== 'rbac.authorization.k8s.io';
}

function specOf(object: JsonObject): JsonObject {
  const { metadata: _m, status: _s, ...rest } = object;
  return rest;
}

function scope(type: ResourceType, namespace: string | undefined): string {
  return type.namespaced ? namespace ?? '' : '';
}

function asVersion(type: ResourceType, object: JsonObject): JsonObject {
  const apiVersion = apiVersionOf(type);
  return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
}

function byNamespaceAndName(a: JsonObject, b: JsonObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  // Byte order, as etcd lists keys.
  if (ka < kb) {
    return -1;
  }
  return ka > kb ? 1 : 0;
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map(b => alphabet[b % alphabet.length]).join('');
}

/** The API server's default field manager: the User-Agent up to its first '/'. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const name = (userAgent ?? '').split('/')[0].trim();
  return name || 'unknown';
}

/** RFC 3339 at second precision, as metav1.Time serialises. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
