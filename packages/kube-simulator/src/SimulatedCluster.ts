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

import { ObjectService } from './api/ObjectService';
import { WorkloadController } from './controller/WorkloadController';
import { ResourceRegistry } from './resources/ResourceRegistry';
import { ClusterServer, UnavailableMode } from './server/ClusterServer';
import { ObjectStore } from './store/ObjectStore';
import { TlsMaterial } from './server/selfSignedCertificate';

/** Settings of one simulated cluster. */
export interface SimulatedClusterOptions {
  name: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  tickMs: number;
  progressDeadlineTicks?: number;
  /** False leaves workloads without status; the controller can still be ticked by hand. */
  controllerRunning: boolean;
  bookmarkIntervalMs: number;
  maxEvents: number;
  tls?: TlsMaterial;
}

/** The namespaces a fresh cluster has. */
const initialNamespaces = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * One named in-memory cluster: its store, served kinds, API semantics,
 * controller and HTTP server, plus the hooks tests use to inject faults.
 */
export class SimulatedCluster {
  readonly name: string;
  readonly token: string;
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly service: ObjectService;
  private readonly controller: WorkloadController;
  private readonly server: ClusterServer;

  constructor(private readonly options: SimulatedClusterOptions) {
    this.name = options.name;
    this.token = options.token;
    this.store = new ObjectStore(options.maxEvents);
    this.registry = new ResourceRegistry();
    this.service = new ObjectService(this.store, this.registry);
    this.controller = new WorkloadController(this.service, this.store, {
      tickMs: options.tickMs,
      progressDeadlineTicks: options.progressDeadlineTicks,
    });
    this.server = new ClusterServer(
      {
        name: options.name,
        host: options.host,
        port: options.port,
        token: options.token,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        tls: options.tls,
      },
      this.store,
      this.registry,
      this.service,
    );
    const namespaces = this.registry.byResource('', 'v1', 'namespaces')!;
    for (const name of initialNamespaces) {
      this.service.create(
        namespaces,
        '',
        { metadata: { name } },
        { fieldManager: 'kube-apiserver' },
      );
    }
  }

  /** The API server URL, e.g. `http://127.0.0.1:6443`. */
  get url(): string {
    return this.server.url;
  }

  /** The certificate clients should trust (base64 PEM, as kubeconfig's certificate-authority-data), when serving HTTPS. */
  get caData(): string | undefined {
    return this.options.tls
      ? Buffer.from(this.options.tls.cert).toString('base64')
      : undefined;
  }

  async start(): Promise<void> {
    await this.server.listen();
    this.controller.start(this.options.controllerRunning);
  }

  async stop(): Promise<void> {
    this.controller.stop();
    await this.server.close();
  }

  /** Makes this workload's rollouts fail (a Deployment turns ProgressDeadlineExceeded). */
  failRollouts(namespace: string, name: string): void {
    this.controller.failRollouts(namespace, name);
  }

  /** Lets this workload's rollouts succeed again. */
  healRollouts(namespace: string, name: string): void {
    this.controller.healRollouts(namespace, name);
  }

  /** Delays every answer by `ms`. */
  setLatency(ms: number): void {
    this.server.setLatency(ms);
  }

  /** Refuses connections ('refuse', default) or answers 503 ('status') until set back. */
  setUnavailable(
    unavailable: boolean,
    mode: UnavailableMode = 'refuse',
  ): Promise<void> {
    return this.server.setUnavailable(unavailable, mode);
  }

  /** Runs one controller round now, for tests that step time by hand. */
  tick(): void {
    this.controller.tick();
  }

  /** How many objects the cluster stores. */
  objectCount(): number {
    return this.store.count();
  }
}
