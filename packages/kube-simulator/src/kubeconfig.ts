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

import { stringify } from 'yaml';
import { SimulatedClusterInfo } from './startKubeSimulator';

/**
 * A kubeconfig with one context per simulated cluster (context, cluster and
 * user all named after it), the first one current.
 */
export function renderKubeconfig(clusters: SimulatedClusterInfo[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: {
        server: c.url,
        ...(c.caData ? { 'certificate-authority-data': c.caData } : {}),
        // client-node refuses an http:// server unless this is set.
        ...(c.url.startsWith('http:')
          ? { 'insecure-skip-tls-verify': true }
          : {}),
      },
    })),
    users: clusters.map(c => ({ name: c.name, user: { token: c.token } })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: { cluster: c.name, user: c.name, namespace: 'default' },
    })),
    'current-context': clusters[0]?.name ?? '',
    preferences: {},
  });
}
