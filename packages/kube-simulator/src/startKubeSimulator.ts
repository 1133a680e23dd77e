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
import { SimulatedCluster } from './SimulatedCluster';
import { selfSignedCertificate } from './server/selfSignedCertificate';

/** A cluster to serve: a name, or a name with a fixed port and token. */
export type ClusterSpec =
  | string
  | { name: string; port?: number; token?: string };

export interface KubeSimulatorOptions {
  /** Cluster names (default `['dev-cluster']`); each gets its own port. */
  clusters?: ClusterSpec[];
  /** Interface to listen on; loopback by default. */
  host?: string;
  /**
   * First port: cluster i listens on `port + i` unless it names its own.
   * 0 (default) lets the system pick free ports.
   */
  port?: number;
  /** One bearer token for every cluster; by default each gets a random one. */
  token?: string;
  /**
   * Serve HTTPS with a fresh self-signed certificate (see `caData`).
   * kubectl needs this: it sends bearer tokens only over TLS.
   */
  tls?: boolean;
  controller?: {
    /** Milliseconds between controller rounds (default 200). */
    tickMs?: number;
    /** Rounds before a failing Deployment reports ProgressDeadlineExceeded (default 5). */
    progressDeadlineTicks?: number;
    /** False: rounds run only on `cluster(name).tick()` (default true). */
    running?: boolean;
  };
  watch?: {
    /** Milliseconds between BOOKMARK events on watches that allow them (default 5000). */
    bookmarkIntervalMs?: number;
    /** Changes kept for resuming watches; older resourceVersions get 410 (default 100000). */
    maxEvents?: number;
  };
}

/** Where a started cluster answers. */
export interface SimulatedClusterInfo {
  name: string;
  url: string;
  token: string;
  /** Base64 PEM of the certificate to trust, when serving HTTPS. */
  caData?: string;
}

export interface KubeSimulator {
  clusters: SimulatedClusterInfo[];
  /** The running cluster of that name, with its test hooks. */
  cluster(name: string): SimulatedCluster;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory Kubernetes API server per named cluster. For tests
 * and demos only: nothing is persisted, authentication is one static token.
 */
export async function startKubeSimulator(
  options: KubeSimulatorOptions = {},
): Promise<KubeSimulator> {
  const specs = (options.clusters ?? ['dev-cluster']).map(spec =>
    typeof spec === 'string' ? { name: spec } : spec,
  );
  const names = new Set<string>();
  for (const spec of specs) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(spec.name)) {
      throw new Error(
        `Invalid cluster name "${spec.name}": use lower-case letters, digits, '-' and '.'`,
      );
    }
    if (names.has(spec.name)) {
      throw new Error(`Cluster "${spec.name}" is listed twice`);
    }
    names.add(spec.name);
  }
  const basePort = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls
    ? selfSignedCertificate([host, 'localhost'])
    : undefined;
  const clusters = specs.map(
    (spec, i) =>
      new SimulatedCluster({
        name: spec.name,
        host,
        tls,
        port: spec.port ?? (basePort === 0 ? 0 : basePort + i),
        token:
          spec.token ?? options.token ?? randomBytes(24).toString('base64url'),
        tickMs: options.controller?.tickMs ?? 200,
        progressDeadlineTicks: options.controller?.progressDeadlineTicks,
        controllerRunning: options.controller?.running ?? true,
        bookmarkIntervalMs: options.watch?.bookmarkIntervalMs ?? 5000,
        maxEvents: options.watch?.maxEvents ?? 100_000,
      }),
  );
  const started: SimulatedCluster[] = [];
  try {
    for (const cluster of clusters) {
      await cluster.start();
      started.push(cluster);
    }
  } catch (error) {
    await Promise.all(started.map(c => c.stop()));
    throw error;
  }
  return {
    clusters: clusters.map(c => ({
      name: c.name,
      url: c.url,
      token: c.token,
      ...(c.caData ? { caData: c.caData } : {}),
    })),
    cluster(name: string) {
      const found = clusters.find(c => c.name === name);
      if (!found) {
        throw new Error(
          `No simulated cluster named "${name}"; there are: ${clusters
            .map(c => c.name)
            .join(', ')}`,
        );
      }
      return found;
    },
    async stop() {
      await Promise.all(clusters.map(c => c.stop()));
    },
  };
}
