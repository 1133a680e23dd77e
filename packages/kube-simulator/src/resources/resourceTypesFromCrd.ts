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

import { ResourceType } from './ResourceType';

interface CrdVersion {
  name?: string;
  served?: boolean;
  subresources?: { status?: unknown };
}

/**
 * The resource types a CustomResourceDefinition serves, one per served
 * version; a definition without the required names serves nothing.
 */
export function resourceTypesFromCrd(crd: any): ResourceType[] {
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group || !names.kind || !names.plural) {
    return [];
  }
  const versions: CrdVersion[] = Array.isArray(spec.versions)
    ? spec.versions
    : [];
  return versions
    .filter(v => v.name && v.served !== false)
    .map(v => ({
      group: String(spec.group),
      version: String(v.name),
      kind: String(names.kind),
      plural: String(names.plural),
      singular: String(names.singular ?? names.kind).toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames : [],
      categories: Array.isArray(names.categories) ? names.categories : [],
      hasStatus: Boolean(v.subresources?.status),
      custom: true,
    }));
}
