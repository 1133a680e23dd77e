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

import { parseCliArgs } from './parseCliArgs';
import { renderKubeconfig } from './kubeconfig';
import { parse } from 'yaml';

describe('parseCliArgs', () => {
  it('reads clusters, port, token, tls and kubeconfig', () => {
    expect(
      parseCliArgs([
        '--clusters',
        'dev-cluster,prod-cluster',
        '--port=6443',
        '--token',
        'demo',
        '--tls',
        '--kubeconfig',
        'kc.yaml',
        '--tick-ms',
        '50',
      ]),
    ).toEqual({
      options: {
        clusters: ['dev-cluster', 'prod-cluster'],
        port: 6443,
        token: 'demo',
        tls: true,
        controller: { tickMs: 50 },
      },
      kubeconfig: 'kc.yaml',
      help: false,
    });
  });

  it('rejects unknown options and bad values precisely', () => {
    expect(() => parseCliArgs(['--cluster', 'x'])).toThrow(
      'Unknown option "--cluster"',
    );
    expect(() => parseCliArgs(['--port', 'http'])).toThrow(
      '--port must be a whole number between 0 and 65535, got "http"',
    );
    expect(() => parseCliArgs(['--token'])).toThrow('--token needs a value');
  });
});

describe('renderKubeconfig', () => {
  it('writes one context per cluster, trusting TLS clusters through their CA', () => {
    const config = parse(
      renderKubeconfig([
        { name: 'dev-cluster', url: 'http://127.0.0.1:6443', token: 'a' },
        {
          name: 'prod-cluster',
          url: 'https://127.0.0.1:6444',
          token: 'b',
          caData: 'Q0E=',
        },
      ]),
    );
    expect(config['current-context']).toBe('dev-cluster');
    expect(config.clusters).toEqual([
      {
        name: 'dev-cluster',
        cluster: {
          server: 'http://127.0.0.1:6443',
          'insecure-skip-tls-verify': true,
        },
      },
      {
        name: 'prod-cluster',
        cluster: {
          server: 'https://127.0.0.1:6444',
          'certificate-authority-data': 'Q0E=',
        },
      },
    ]);
    expect(config.users[1]).toEqual({
      name: 'prod-cluster',
      user: { token: 'b' },
    });
    expect(config.contexts[0]).toEqual({
      name: 'dev-cluster',
      context: {
        cluster: 'dev-cluster',
        user: 'dev-cluster',
        namespace: 'default',
      },
    });
  });
});
