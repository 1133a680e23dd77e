import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import {
  createLocalRepository,
  createTestGitServer,
  LocalTestRepository,
  pushTestCommit,
  testGit,
} from '../__testUtils__';

const IMAGE = 'ghcr.io/acme/payments';
const overlay = (tag: string) =>
  `resources:\n  - ../../base\nimages:\n  - name: ${IMAGE}\n    newTag: "${tag}"\n`;

describe('operations API', () => {
  let repo: LocalTestRepository;
  let cacheDir: string;

  beforeEach(async () => {
    repo = await createLocalRepository({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments\nspec:\n  template:\n    spec:\n      containers:\n        - name: payments\n          image: ${IMAGE}:0.0.1\n`,
      'envs/dev/kustomization.yaml': overlay('1.0.0'),
      'envs/production/kustomization.yaml': overlay('1.0.0'),
    });
    cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-api-cache-'));
  });

  afterEach(async () => {
    await repo.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  async function startBackend(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      auditor?: ReturnType<typeof mockServices.auditor.mock>;
      /** More entities: name → config-repo URL. */
      entities?: Record<string, string>;
      allowedHosts?: string[];
    } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              cacheDir,
              git: {
                allowFileUrls: true,
                allowedHosts: options.allowedHosts ?? [],
              },
              environments: [
                { name: 'dev', cluster: 'dev-cluster' },
                {
                  name: 'production',
                  cluster: 'prod-cluster',
                  promotion: { from: 'dev' },
                  protected: true,
                },
              ],
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments',
                namespace: 'default',
                annotations: {
                  'slipway.dev/config-repo': repo.url,
                  'slipway.dev/config-branch': 'main',
                  'slipway.dev/image': IMAGE,
                },
              },
              spec: {
                type: 'service',
                owner: 'team-a',
                lifecycle: 'production',
              },
            },
            ...Object.entries(options.entities ?? {}).map(([name, url]) => ({
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name,
                namespace: 'default',
                annotations: {
                  'slipway.dev/config-repo': url,
                  'slipway.dev/config-branch': 'main',
                  'slipway.dev/image': IMAGE,
                },
              },
              spec: {
                type: 'service',
                owner: 'guest',
                lifecycle: 'production',
              },
            })),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'mock', namespace: 'default' },
              spec: {
                profile: {
                  displayName: 'Mock User',
                  email: 'mock@example.com',
                },
              },
            },
          ],
        }),
        ...(options.permission
          ? [mockServices.permissions.factory({ result: options.permission })]
          : []),
        ...(options.auditor ? [options.auditor.factory] : []),
      ],
    });
    return server;
  }

  const headCount = async () =>
    Number(
      (
        await testGit(['rev-list', '--count', 'main'], { cwd: repo.path })
      ).trim(),
    );

  it('deploys, lists the operation and shows the history', async () => {
    const server = await startBackend({ permission: AuthorizeResult.ALLOW });
    const deployed = await request(server)
      .post('/api/gitops/entities/component/default/payments/deploy')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'dev', version: '1.1.0' });
    expect(deployed.status).toBe(201);
    expect(deployed.body.operation).toMatchObject({
      kind: 'deploy',
      state: 'succeeded',
      actor: 'user:default/mock',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
    });
    const author = await testGit(['log', '-1', '--format=%an <%ae>', 'main'], {
      cwd: repo.path,
    });
    expect(author.trim()).toBe('Mock User <mock@example.com>');

    const operations = await request(server)
      .get(
        '/api/gitops/entities/component/default/payments/operations?environment=dev',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(operations.status).toBe(200);
    expect(operations.body.items.map((o: any) => o.id)).toEqual([
      deployed.body.operation.id,
    ]);

    const single = await request(server)
      .get(`/api/gitops/operations/${deployed.body.operation.id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(single.body).toEqual(deployed.body.operation);

    const history = await request(server)
      .get(
        '/api/gitops/entities/component/default/payments/history?environment=dev&limit=1',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      revision: deployed.body.operation.revision,
      version: '1.1.0',
      subject: 'Deploy payments 1.1.0 to dev',
      operation: { id: deployed.body.operation.id },
    });
    expect(history.body.nextOffset).toBe(1);
    const older = await request(server)
      .get(
        '/api/gitops/entities/component/default/payments/history?environment=dev&limit=1&offset=1',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(older.body.items[0]).toMatchObject({ version: '1.0.0' });
    expect(older.body.items[0].operation).toBeUndefined();
  });

  it('refuses a caller without permission and writes nothing', async () => {
    const auditor = mockServices.auditor.mock();
    const server = await startBackend({
      permission: AuthorizeResult.DENY,
      auditor,
    });
    const before = await headCount();
    for (const [path, body] of [
      ['deploy', { environment: 'dev', version: '1.1.0' }],
      ['promote', { from: 'dev', to: 'production' }],
      ['rollback', { environment: 'dev', revision: 'abcdef1' }],
    ] as const) {
      const response = await request(server)
        .post(`/api/gitops/entities/component/default/payments/${path}`)
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect(response.status).toBe(403);
      expect(response.body.error.name).toBe('NotAllowedError');
    }
    expect(await headCount()).toBe(before);
    const operations = await request(server)
      .get('/api/gitops/entities/component/default/payments/operations')
      .set('Authorization', mockCredentials.user.header());
    expect(operations.body.items).toEqual([]);
  });

  it('holds terminate, suspend and resume to the sync permission, audited, and only for Argo CD or Flux environments', async () => {
    const auditor = mockServices.auditor.mock();
    const denied = await startBackend({
      permission: AuthorizeResult.DENY,
      auditor,
    });
    for (const action of ['terminate', 'suspend', 'resume']) {
      const response = await request(denied)
        .post(`/api/gitops/entities/component/default/payments/${action}`)
        .set('Authorization', mockCredentials.user.header())
        .send({ environment: 'dev' });
      expect(response.status).toBe(403);
    }
    expect(
      auditor.createEvent.mock.calls.map(([call]) => call.eventId),
    ).toEqual(['terminate', 'suspend', 'resume']);

    const allowed = await startBackend();
    const builtin = await request(allowed)
      .post('/api/gitops/entities/component/default/payments/suspend')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'dev' });
    expect(builtin.status).toBe(409);
    expect(builtin.body.error.message).toBe(
      'Environment dev is applied by Slipway itself; suspend is for environments Argo CD or Flux applies',
    );
    const unknown = await request(allowed)
      .post('/api/gitops/entities/component/default/payments/terminate')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'dev', force: true });
    expect(unknown.status).toBe(400);
  });

  it('rejects malformed requests with the field at fault', async () => {
    const server = await startBackend({ permission: AuthorizeResult.ALLOW });
    const before = await headCount();
    const cases: Array<[object, string]> = [
      [{ environment: 'dev' }, 'version'],
      [{ environment: 'Dev!', version: '1.0.1' }, 'environment'],
      [{ environment: 'dev', version: '1.0.1', force: true }, 'force'],
      [{ environment: 'qa', version: '1.0.1' }, 'has no environment "qa"'],
      [
        { environment: 'dev', version: 'latest:bad' },
        'neither an image tag nor a digest',
      ],
    ];
    for (const [body, expected] of cases) {
      const response = await request(server)
        .post('/api/gitops/entities/component/default/payments/deploy')
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(expected);
    }
    const unauthenticated = await request(server)
      .post('/api/gitops/entities/component/default/payments/deploy')
      .set('Authorization', mockCredentials.none.header())
      .send({ environment: 'dev', version: '1.0.1' });
    expect(unauthenticated.status).toBe(401);
    expect(await headCount()).toBe(before);
  });

  it('audits each change with its outcome', async () => {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const server = await startBackend({
      permission: AuthorizeResult.ALLOW,
      auditor,
    });
    await request(server)
      .post('/api/gitops/entities/component/default/payments/deploy')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'dev', version: '1.1.0' })
      .expect(201);
    await request(server)
      .post('/api/gitops/entities/component/default/payments/deploy')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'dev', version: '1.1.0' })
      .expect(409);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'deploy',
        meta: expect.objectContaining({
          entityRef: 'component:default/payments',
          environment: 'dev',
          version: '1.1.0',
        }),
      }),
    );
    expect(event.success).toHaveBeenCalledTimes(1);
    expect(event.fail).toHaveBeenCalledTimes(1);
  });

  it('audits refused attempts and refreshes with the outcome (defect #12.5)', async () => {
    const auditor = mockServices.auditor.mock();
    const events: Array<{ success: jest.Mock; fail: jest.Mock }> = [];
    auditor.createEvent.mockImplementation(async () => {
      const event = { success: jest.fn(), fail: jest.fn() };
      events.push(event);
      return event;
    });
    const server = await startBackend({
      permission: AuthorizeResult.DENY,
      auditor,
    });
    const refused = await request(server)
      .post('/api/gitops/entities/component/default/payments/deploy')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'production', version: '9.9.9' });
    expect(refused.status).toBe(403);
    await request(server)
      .post('/api/gitops/entities/component/default/payments/sync')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'dev' })
      .expect(403);
    await request(server)
      .post('/api/gitops/entities/component/default/payments/refresh')
      .set('Authorization', mockCredentials.user.header());

    expect(
      auditor.createEvent.mock.calls.map(([call]) => call.eventId),
    ).toEqual(['deploy', 'sync', 'refresh']);
    for (const [call] of auditor.createEvent.mock.calls) {
      // The auditor reads the actor from the request's credentials.
      expect(call.request).toBeDefined();
      expect(call.meta).toMatchObject({
        entityRef: 'component:default/payments',
      });
    }
    expect(events[0].fail).toHaveBeenCalledWith({
      meta: {
        entityRef: 'component:default/payments',
        environment: 'production',
        version: '9.9.9',
        dryRun: false,
      },
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
    expect(events[1].fail).toHaveBeenCalledWith(
      expect.objectContaining({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      }),
    );
    // A refresh is recorded with its outcome, whichever it was.
    expect(
      events[2].success.mock.calls.length + events[2].fail.mock.calls.length,
    ).toBe(1);
  });

  it('refuses both entities that claim the same config location (defect #12.1)', async () => {
    const server = await startBackend({
      permission: AuthorizeResult.ALLOW,
      entities: { hijack: repo.url },
    });
    const before = await headCount();
    for (const name of ['hijack', 'payments']) {
      const response = await request(server)
        .post(`/api/gitops/entities/component/default/${name}/deploy`)
        .set('Authorization', mockCredentials.user.header())
        .send({ environment: 'dev', version: '6.6.6' });
      expect(response.status).toBe(409);
      const other =
        name === 'hijack'
          ? 'component:default/payments'
          : 'component:default/hijack';
      expect(response.body.error.message).toBe(
        `component:default/${name} shares its config location (${repo.url}, path ., branch main) with ${other}; Slipway changes and syncs none of them until each names a location of its own, or gitops.ownership.sharedLocations lists them together`,
      );
    }
    expect(await headCount()).toBe(before);
  });

  it('answers 422 for an overlay it cannot edit, naming the file and line (defect #12.7)', async () => {
    await pushTestCommit(repo.path, {
      'envs/dev/kustomization.yaml': 'images:\n  - name: [unclosed\n',
    });
    const server = await startBackend({ permission: AuthorizeResult.ALLOW });
    const before = await headCount();
    for (const dryRun of [true, false]) {
      const response = await request(server)
        .post('/api/gitops/entities/component/default/payments/deploy')
        .set('Authorization', mockCredentials.user.header())
        .send({ environment: 'dev', version: '1.2.0', dryRun });
      expect(response.status).toBe(422);
      expect(response.body.error.message).toMatch(
        /^envs\/dev\/kustomization\.yaml:\d+: /,
      );
    }
    expect(await headCount()).toBe(before);
  });

  it('answers 503 when the Git host cannot be reached and 502 when it refuses the credentials (defect #12.7)', async () => {
    const gitServer = await createTestGitServer({
      username: 'slipway',
      password: 'not-given-to-the-portal',
    });
    try {
      const locked = await gitServer.createRepository('locked', {
        'envs/dev/kustomization.yaml': 'resources: []\n',
      });
      const server = await startBackend({
        permission: AuthorizeResult.ALLOW,
        entities: {
          offline: 'http://127.0.0.1:9/config.git',
          locked: locked.url,
        },
        allowedHosts: ['127.0.0.1'],
      });
      const offline = await request(server)
        .post('/api/gitops/entities/component/default/offline/deploy')
        .set('Authorization', mockCredentials.user.header())
        .send({ environment: 'dev', version: '1.2.0' });
      expect(offline.status).toBe(503);
      expect(offline.body.error.message).toBe(
        'Cannot reach Git repository http://127.0.0.1:9/config.git: no connection could be made',
      );
      const refused = await request(server)
        .post('/api/gitops/entities/component/default/locked/deploy')
        .set('Authorization', mockCredentials.user.header())
        .send({ environment: 'dev', version: '1.2.0' });
      expect(refused.status).toBe(502);
      expect(refused.body.error.message).toBe(
        `Git authentication failed for ${locked.url}: the host refused the configured credentials (or none are configured for it)`,
      );
    } finally {
      await gitServer.close();
    }
  });
});
