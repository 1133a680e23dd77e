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

import { BackendName } from './contractBackends';

/**
 * Where the simulator knowingly answers differently from a real API server,
 * and why that is left so. A contract test that meets one asserts the
 * simulator's own behaviour on the simulator, so fixing the simulator (or a
 * new divergence) fails the test until this list says so. The package's
 * README lists the same entries.
 */
export const simulatorDivergences = {
  rootCaConfigMap:
    'No kube-root-ca.crt ConfigMap in each namespace (the controller manager publishes it): nothing in Slipway reads it.',
  defaulting:
    'No defaulting of built-in types (Deployment strategy, Pod restartPolicy, imagePullPolicy, …): the real server fills them, so diffs must ignore what the server defaults — which only the real cluster can test.',
  strictFieldValidation:
    'fieldValidation=Strict does not reject unknown fields: the simulator has no OpenAPI schemas for built-in types.',
  customResourceSchemas:
    'Custom objects are not validated against, pruned to, or defaulted from their CRD schema.',
  scheduling:
    'No scheduler or nodes: every Pod runs and becomes Ready, even one no node could take (nodeSelector, taints, resources).',
} as const;

export type Divergence = keyof typeof simulatorDivergences;

/** True when `backend` knowingly answers differently in this respect. */
export function diverges(backend: BackendName, _divergence: Divergence) {
  return backend === 'simulator';
}
