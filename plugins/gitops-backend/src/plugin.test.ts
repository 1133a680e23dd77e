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

const unannotated = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const gitopsConfig = {
  gitops: {
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
      catalogServiceMock.factory({ entities: [payments, broken, unannotated] }),
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
});
