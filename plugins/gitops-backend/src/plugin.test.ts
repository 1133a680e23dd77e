import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from './plugin';

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'slipway.dev/config-repo': 'https://git.example.com/acme/payments-config',
      'slipway.dev/config-path': 'apps/payments',
      'slipway.dev/environments': 'dev,production',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const broken = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'broken',
    namespace: 'default',
    annotations: {
      'slipway.dev/config-repo': 'https://git.example.com/acme/broken-config',
      'slipway.dev/config-path': '../outside',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/** Points the portal at an internal service, not a Git host (defect #12.4). */
const probing = (name: string, url: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'slipway.dev/config-repo': url },
  },
  spec: { type: 'service', owner: 'guest', lifecycle: 'production' },
});

const unannotated = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const gitopsConfig = {
  gitops: {
    git: { allowedHosts: ['git.example.com'] },
    environments: [
      { name: 'dev', cluster: 'dev-cluster', sync: { automated: true } },
      { name: 'staging', cluster: 'dev-cluster', promotion: { from: 'dev' } },
      {
        name: 'production',
        cluster: 'prod-cluster',
        promotion: { from: 'staging' },
        changes: 'pull-request',
        protected: true,
      },
    ],
  },
};

async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      gitopsPlugin,
      mockServices.rootConfig.factory({ data: gitopsConfig }),
      catalogServiceMock.factory({
        entities: [
          payments,
          broken,
          unannotated,
          probing('metadata', 'http://169.254.169.254/latest/meta-data'),
          probing('etc', 'file:///etc'),
        ],
      }),
    ],
  });
  return server;
}

describe('gitops backend plugin', () => {
  it('serves an unauthenticated health check', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/gitops/health')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it("returns an entity's pipeline with not-yet-observed status", async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/gitops/entities/component/default/payments/status')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(response.body.entityRef).toBe('component:default/payments');
    expect(response.body.configRepo).toEqual({
      url: 'https://git.example.com/acme/payments-config',
      path: 'apps/payments',
    });
    expect(
      response.body.environments.map((env: any) => [
        env.name,
        env.overlayPath,
        env.changes,
        env.protected,
        env.syncStatus,
        env.health,
      ]),
    ).toEqual([
      ['dev', 'apps/payments/envs/dev', 'commit', false, 'Unknown', 'Unknown'],
      [
        'production',
        'apps/payments/envs/production',
        'pull-request',
        true,
        'Unknown',
        'Unknown',
      ],
    ]);
  });

  it('requires a signed-in caller for status', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/gitops/entities/component/default/payments/status')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/gitops/entities/component/default/missing/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('component:default/missing');
  });

  it('names the missing annotation', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/gitops/entities/component/default/plain/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('slipway.dev/config-repo');
  });

  it('refuses a config path that escapes the repository', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/gitops/entities/component/default/broken/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'slipway.dev/config-path "../outside" escapes the repository with ".."',
    );
  });

  it.each([
    [
      'metadata',
      'Git host 169.254.169.254 of http://169.254.169.254/latest/meta-data is not allowed: Slipway reaches only the hosts of configured integrations and gitops.git.allowedHosts (dev.azure.com, bitbucket.org, github.com, gitlab.com, git.example.com)',
    ],
    [
      'etc',
      'file:///etc is a file:// repository, which this portal does not allow (gitops.git.allowFileUrls is off)',
    ],
  ])(
    'refuses a config repo on a host no integration names: %s (defect #12.4)',
    async (name, message) => {
      const server = await startBackend();
      for (const path of ['status', 'refresh']) {
        const call =
          path === 'status'
            ? request(server).get(
                `/api/gitops/entities/component/default/${name}/${path}`,
              )
            : request(server).post(
                `/api/gitops/entities/component/default/${name}/${path}`,
              );
        const response = await call.set(
          'Authorization',
          mockCredentials.user.header(),
        );
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(message);
      }
    },
  );
});
