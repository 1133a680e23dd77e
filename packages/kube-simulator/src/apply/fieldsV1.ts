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

import { FieldPath, joinPath, splitPath } from './fieldPaths';

type Tree = Record<string, any>;

/** Renders a field set in the API's `fieldsV1` shape (`{"f:spec":{…}}`). */
export function toFieldsV1(paths: Iterable<FieldPath>): Tree {
  const root: Tree = {};
  const owned = new Set<Tree>();
  for (const path of paths) {
    let node = root;
    for (const element of splitPath(path)) {
      node[element] = node[element] ?? {};
      node = node[element];
    }
    owned.add(node);
  }
  markOwnedParents(root, owned);
  return root;
}

function markOwnedParents(node: Tree, owned: Set<Tree>): void {
  for (const [key, child] of Object.entries(node)) {
    if (key === '.') {
      continue;
    }
    markOwnedParents(child, owned);
    if (owned.has(child) && Object.keys(child).length > 0) {
      // The API server lists '.' (the item itself) before its fields.
      node[key] = { '.': {}, ...child };
    }
  }
}

/** Reads a `fieldsV1` tree back into a field set. */
export function fromFieldsV1(tree: unknown): Set<FieldPath> {
  const paths = new Set<FieldPath>();
  const walk = (node: Tree, prefix: string[]) => {
    for (const [key, child] of Object.entries(node)) {
      if (key === '.') {
        paths.add(joinPath(prefix));
        continue;
      }
      const path = [...prefix, key];
      if (
        typeof child !== 'object' ||
        child === null ||
        Object.keys(child).length === 0
      ) {
        paths.add(joinPath(path));
      } else {
        walk(child, path);
      }
    }
  };
  if (typeof tree === 'object' && tree !== null) {
    walk(tree as Tree, []);
  }
  return paths;
}
