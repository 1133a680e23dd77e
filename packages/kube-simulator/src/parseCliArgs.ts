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

import { KubeSimulatorOptions } from './startKubeSimulator';

/** What the command line asks for. */
export interface CliArgs {
  options: KubeSimulatorOptions;
  kubeconfig?: string;
  help: boolean;
}

export const usage = `Usage: kube-simulator [options]

An in-memory Kubernetes API server for tests and demos. Never for production.

  --clusters <a,b>     cluster names (default: dev-cluster)
  --port <n>           first port; cluster i listens on n+i (default: free ports)
  --host <addr>        listen address (default: 127.0.0.1)
  --token <t>          bearer token for every cluster (default: random per cluster)
  --tls                serve HTTPS with a self-signed certificate (kubectl
                       sends tokens only over TLS; the kubeconfig trusts it)
  --kubeconfig <file>  write a kubeconfig with one context per cluster
  --tick-ms <n>        controller round interval in ms (default: 200)
  --help               show this text`;

/** Parses the CLI's arguments; unknown or incomplete options are errors. */
export function parseCliArgs(argv: string[]): CliArgs {
  const options: KubeSimulatorOptions = {};
  let kubeconfig: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') {
        throw new Error(`${flag} needs a value`);
      }
      return v;
    };
    const number = () => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        throw new Error(
          `${flag} must be a whole number between 0 and 65535, got "${raw}"`,
        );
      }
      return n;
    };
    switch (flag) {
      case '--clusters':
        options.clusters = value()
          .split(',')
          .map(s => s.trim())
          .filter(Boolean);
        break;
      case '--port':
        options.port = number();
        break;
      case '--host':
        options.host = value();
        break;
      case '--token':
        options.token = value();
        break;
      case '--kubeconfig':
        kubeconfig = value();
        break;
      case '--tick-ms':
        options.controller = {
          ...options.controller,
          tickMs: Math.max(1, number()),
        };
        break;
      case '--tls':
        options.tls = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`Unknown option "${argv[i]}"`);
    }
  }
  return { options, kubeconfig, help };
}
