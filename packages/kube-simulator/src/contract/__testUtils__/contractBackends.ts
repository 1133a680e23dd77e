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

import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { startKubeSimulator } from '../../startKubeSimulator';
import { KubeHttp } from './KubeHttp';

export type BackendName = 'simulator' | 'kube-apiserver';

/** One Kubernetes API server the contract runs against. */
export interface ContractBackend {
  name: BackendName;
  start(): Promise<StartedBackend>;
}

export interface StartedBackend {
  http: KubeHttp;
  /** A fresh namespace for this suite, deleted by `stop`. */
  namespace: string;
  stop(): Promise<void>;
}

const simulator: ContractBackend = {
  name: 'simulator',
  async start() {
    const sim = await startKubeSimulator({
      controller: { tickMs: 50 },
      // A short history, so a watch can be made to outlive it (410 Gone).
      watch: { bookmarkIntervalMs: 1000, maxEvents: 200 },
    });
    const info = sim.clusters[0];
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: info.name, server: info.url, skipTLSVerify: true }],
      users: [{ name: info.name, token: info.token }],
      contexts: [{ name: info.name, cluster: info.name, user: info.name }],
      currentContext: info.name,
    });
    return withNamespace(new KubeHttp(kc), () => sim.stop());
  },
};

/**
 * A real kube-apiserver with etcd, the controller manager, the scheduler and
 * KWOK nodes, started by `scripts/kube.sh` (the repository's test command
 * does that and passes its kubeconfig in `SLIPWAY_TEST_KUBECONFIG`).
 */
const kubeApiserver = (kubeconfig: string): ContractBackend => ({
  name: 'kube-apiserver',
  async start() {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    return withNamespace(new KubeHttp(kc), async () => {}, {
      // The controller manager fills a new namespace in the background; wait,
      // so no test sees those objects arrive in the middle of its own.
      settled: ['configmaps/kube-root-ca.crt', 'serviceaccounts/default'],
    });
  },
});

/**
 * The backends to run the contract against: the simulator always, and the
 * real control plane when `SLIPWAY_TEST_KUBECONFIG` names one. With
 * `SLIPWAY_REQUIRE_KUBE` set, a missing real cluster fails the run instead of
 * quietly testing the simulator alone.
 */
export function contractBackends(): ContractBackend[] {
  const kubeconfig = process.env.SLIPWAY_TEST_KUBECONFIG;
  if (!kubeconfig && process.env.SLIPWAY_REQUIRE_KUBE) {
    throw new Error(
      'SLIPWAY_REQUIRE_KUBE is set but SLIPWAY_TEST_KUBECONFIG names no cluster (scripts/kube.sh start <dir> prints one)',
    );
  }
  return kubeconfig ? [simulator, kubeApiserver(kubeconfig)] : [simulator];
}

async function withNamespace(
  http: KubeHttp,
  stopServer: () => Promise<void>,
  options: { settled?: string[] } = {},
): Promise<StartedBackend> {
  const namespace = `contract-${randomBytes(4).toString('hex')}`;
  const created = await http.create('/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  if (created.status !== 201) {
    throw new Error(
      `Could not create namespace ${namespace}: ${
        created.status
      } ${JSON.stringify(created.body)}`,
    );
  }
  for (const object of options.settled ?? []) {
    await http.eventually(
      () => http.get(`/api/v1/namespaces/${namespace}/${object}`),
      res => res.status === 200,
      60_000,
    );
  }
  return {
    http,
    namespace,
    async stop() {
      await http.delete(`/api/v1/namespaces/${namespace}`);
      await http.close();
      await stopServer();
    },
  };
}
