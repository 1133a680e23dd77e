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

import { builtinResourceTypes } from './builtinResourceTypes';
import { ResourceType, apiVersionOf } from './ResourceType';

/** A served group and its versions, in the order discovery lists them. */
export interface ServedGroup {
  name: string;
  versions: string[];
}

/**
 * The kinds one simulated cluster serves: the built-in ones plus those that
 * CustomResourceDefinitions add while the cluster runs.
 */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  private readonly fromCrd = new Map<string, ResourceType[]>();

  constructor(types: ResourceType[] = builtinResourceTypes) {
    for (const t of types) {
      this.add(t);
    }
  }

  /** The type at `/apis/{group}/{version}/{plural}`. */
  byResource(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  byApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** A served type of a stored resource key (`deployments.apps`), at any version. */
  byKey(key: string): ResourceType | undefined {
    for (const t of this.byPath.values()) {
      if (`${t.plural}.${t.group}` === key) {
        return t;
      }
    }
    return undefined;
  }

  /** Every served type, in registration order. */
  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  /** Served types of one group version, for its APIResourceList. */
  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter(t => t.group === group && t.version === version);
  }

  groups(): ServedGroup[] {
    const groups = new Map<string, string[]>();
    for (const t of this.byPath.values()) {
      const versions = groups.get(t.group) ?? [];
      if (!versions.includes(t.version)) {
        versions.push(t.version);
      }
      groups.set(t.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  /** Serves (or re-serves) the kinds a CustomResourceDefinition declares. */
  registerCrd(crdName: string, types: ResourceType[]): void {
    this.unregisterCrd(crdName);
    for (const t of types) {
      this.add(t);
    }
    this.fromCrd.set(crdName, types);
  }

  unregisterCrd(crdName: string): ResourceType[] {
    const types = this.fromCrd.get(crdName) ?? [];
    for (const t of types) {
      this.byPath.delete(`${t.group}/${t.version}/${t.plural}`);
      this.byKind.delete(`${apiVersionOf(t)}/${t.kind}`);
    }
    this.fromCrd.delete(crdName);
    return types;
  }

  private add(t: ResourceType): void {
    this.byPath.set(`${t.group}/${t.version}/${t.plural}`, t);
    this.byKind.set(`${apiVersionOf(t)}/${t.kind}`, t);
  }
}
