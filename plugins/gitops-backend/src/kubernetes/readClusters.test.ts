import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readClusters } from './readClusters';

const TOKEN = 'secret-token-value';

function kubeconfig(user: Record<string, unknown>) {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'c1',
        cluster: {
          server: 'https://10.0.0.1:6443',
          'certificate-authority-data': 'Y2E=',
        },
      },
    ],
    users: [{ name: 'u1', user }],
    contexts: [
      {
        name: 'kind-dev',
        context: { cluster: 'c1', user: 'u1', namespace: 'apps' },
      },
    ],
    'current-context': 'kind-dev',
  });
}

describe('readClusters', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-kubeconfig-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeKubeconfig(user: Record<string, unknown>) {
    const file = path.join(dir, `kubeconfig-${Math.random()}`);
    fs.writeFileSync(file, kubeconfig(user));
    return file;
  }

  it('reads config clusters and skips other locator types', () => {
    const clusters = readClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'localKubectlProxy' },
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'dev-cluster',
                  url: 'http://127.0.0.1:8001',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: TOKEN,
                },
                {
                  name: 'prod-cluster',
                  url: 'https://k8s.example.com',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: TOKEN,
                  caData: 'Y2E=',
                },
              ],
            },
          ],
        },
      }),
    );
    expect(clusters.map(c => [c.name, c.url])).toEqual([
      ['dev-cluster', 'http://127.0.0.1:8001'],
      ['prod-cluster', 'https://k8s.example.com'],
    ]);
    expect(clusters[0].cluster.skipTLSVerify).toBe(true);
    expect(clusters[1].cluster).toMatchObject({
      caData: 'Y2E=',
      skipTLSVerify: false,
    });
    expect(clusters[1].user.token).toBe(TOKEN);
  });

  it.each(['aws', 'google', 'oidc'])(
    'refuses authProvider %s precisely',
    authProvider => {
      expect(() =>
        readClusters(
          new ConfigReader({
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'eks',
                      url: 'https://eks.example.com',
                      authProvider,
                    },
                  ],
                },
              ],
            },
          }),
        ),
      ).toThrow(
        `Cluster "eks" (kubernetes.clusterLocatorMethods[0].clusters[0]) uses authProvider "${authProvider}"; Slipway supports only authProvider "serviceAccount" so far`,
      );
    },
  );

  it('reads kubeconfig contexts as clusters', () => {
    const file = writeKubeconfig({ token: TOKEN });
    const [cluster] = readClusters(
      new ConfigReader({ gitops: { kubeconfig: file } }),
    );
    expect(cluster).toMatchObject({
      name: 'kind-dev',
      url: 'https://10.0.0.1:6443',
      namespace: 'apps',
      cluster: { caData: 'Y2E=' },
      user: { token: TOKEN },
    });
  });

  it('refuses a kubeconfig exec credential plugin unless allowed', () => {
    const file = writeKubeconfig({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token'],
      },
    });
    expect(() =>
      readClusters(new ConfigReader({ gitops: { kubeconfig: file } })),
    ).toThrow(
      'The context "kind-dev" of the kubeconfig in gitops.kubeconfig authenticates by running a program (exec: aws); Slipway runs kubeconfig credential programs only when gitops.allowKubeconfigExec is true',
    );
    const allowed = readClusters(
      new ConfigReader({
        gitops: { kubeconfig: file, allowKubeconfigExec: true },
      }),
    );
    expect(allowed[0].user.exec).toMatchObject({ command: 'aws' });
  });

  it('refuses an auth provider that runs a command', () => {
    const file = writeKubeconfig({
      'auth-provider': { name: 'gcp', config: { 'cmd-path': 'gcloud' } },
    });
    expect(() =>
      readClusters(new ConfigReader({ gitops: { kubeconfig: file } })),
    ).toThrow(/auth-provider gcp cmd-path: gcloud/);
  });

  it('refuses a name declared twice and an unreadable kubeconfig', () => {
    const file = writeKubeconfig({ token: TOKEN });
    expect(() =>
      readClusters(
        new ConfigReader({
          gitops: { kubeconfig: file },
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'kind-dev',
                    url: 'https://a',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: TOKEN,
                  },
                ],
              },
            ],
          },
        }),
      ),
    ).toThrow(/Cluster "kind-dev" is declared twice/);
    expect(() =>
      readClusters(
        new ConfigReader({
          gitops: { kubeconfig: path.join(dir, 'missing') },
        }),
      ),
    ).toThrow(/Cannot read the kubeconfig gitops.kubeconfig points at/);
  });

  it('needs a token for serviceAccount', () => {
    expect(() =>
      readClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'a',
                    url: 'https://a',
                    authProvider: 'serviceAccount',
                  },
                ],
              },
            ],
          },
        }),
      ),
    ).toThrow(/Cluster "a" .* has no serviceAccountToken/);
  });
});
