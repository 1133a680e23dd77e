import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import {
  captureLogger,
  createLocalRepository,
  LocalTestRepository,
  pushTestCommit,
} from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import {
  startTestClusters,
  TestClusters,
} from '../kubernetes/__testUtils__/startTestClusters';

jest.setTimeout(180_000);

const IMAGE = 'ghcr.io/acme/vault';
const ENTITY = '/api/gitops/entities/component/default/vault';

/** Every clear value of the scenario; none may appear anywhere a person reads. */
const CLEAR = {
  password: 'clear-password-3f9a1c77',
  rotatedPassword: 'clear-password-rotated-8b20de',
  literal: 'clear-literal-api-key-5e61',
  rotatedLiteral: 'clear-literal-rotated-0c4f',
  envValue: 'clear-env-db-password-77aa',
  rotatedEnvValue: 'clear-env-rotated-19bd',
};

function overlayFiles(values: {
  password: string;
  literal: string;
  envValue: string;
}) {
  return {
    'envs/dev/kustomization.yaml': [
      'namespace: vault-dev',
      'resources:',
      '  - ../../base',
      '  - namespace.yaml',
      '  - secret.yaml',
      'images:',
      `  - name: ${IMAGE}`,
      '    newTag: "1.0.0"',
      'secretGenerator:',
      '  - name: api',
      '    literals:',
      `      - API_KEY=${values.literal}`,
      '    envs:',
      '      - db.env',
      '',
    ].join('\n'),
    'envs/dev/namespace.yaml':
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: vault-dev\n',
    'envs/dev/secret.yaml': [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'stringData:',
      `  password: ${values.password}`,
      '',
    ].join('\n'),
    'envs/dev/db.env': `DB_PASSWORD=${values.envValue}\n`,
  };
}

/*
 * Defect #12.6: the rollback dry run's patch showed Secret values in clear
 * while the diff API masked them. This walks every route of a
 * secret-bearing application, against a real Git repository and a cluster,
 * and searches every response, log line and stored row for a clear value.
 */
describe('secrets in a config repository', () => {
  const databases = createTestDatabases();
  let clusters: TestClusters;
  let repo: LocalTestRepository;
  let cacheDir: string;

  beforeAll(async () => {
    clusters = await startTestClusters(['dev-cluster']);
    repo = await createLocalRepository({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: vault',
        'spec:',
        '  selector:',
        '    matchLabels: { app: vault }',
        '  template:',
        '    metadata:',
        '      labels: { app: vault }',
        '    spec:',
        '      containers:',
        '        - name: vault',
        `          image: ${IMAGE}:0.0.1`,
        '',
      ].join('\n'),
      ...overlayFiles(CLEAR),
    });
    await pushTestCommit(
      repo.path,
      overlayFiles({
        password: CLEAR.rotatedPassword,
        literal: CLEAR.rotatedLiteral,
        envValue: CLEAR.rotatedEnvValue,
      }),
      'Rotate the credentials',
    );
    cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-secrets-'));
  });

  afterAll(async () => {
    await clusters.stop();
    await repo.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('never shows a clear value in a response, a log line or a stored row', async () => {
    const knex = await databases.init('SQLITE_3');
    const { logger, lines } = captureLogger();
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.database.factory({ knex }),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => logger,
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: clusters.config.get('kubernetes') as JsonObject,
            gitops: {
              cacheDir,
              git: { allowFileUrls: true },
              environments: [
                {
                  name: 'dev',
                  cluster: 'dev-cluster',
                  sync: { automated: true, prune: true, selfHeal: true },
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
                name: 'vault',
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
          ],
        }),
      ],
    });
    const responses: string[] = [];
    const call = async (
      method: 'get' | 'post',
      path: string,
      body?: object,
    ) => {
      const pending =
        method === 'get'
          ? request(server).get(path)
          : request(server).post(path);
      const response = await pending
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      responses.push(`${method} ${path} ${response.status} ${response.text}`);
      return response;
    };

    await call('post', `${ENTITY}/refresh`);
    for (let i = 0; ; i++) {
      const status = await call('get', `${ENTITY}/status`);
      const dev = status.body.environments?.[0];
      if (dev?.syncStatus === 'Synced') break;
      if (i > 200) throw new Error(`dev never synced: ${JSON.stringify(dev)}`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    await call('get', `${ENTITY}/diff?environment=dev`);
    const history = await call('get', `${ENTITY}/history?environment=dev`);
    const first = history.body.items[history.body.items.length - 1].revision;

    const rollbackPreview = await call('post', `${ENTITY}/rollback`, {
      environment: 'dev',
      revision: first,
      dryRun: true,
    });
    expect(rollbackPreview.status).toBe(200);
    // The preview still says what changes: the keys, masked.
    expect(rollbackPreview.body.dryRun.diff.patch).toContain(
      '-  password: ++++++++',
    );
    expect(
      (
        await call('post', `${ENTITY}/rollback`, {
          environment: 'dev',
          revision: first,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('post', `${ENTITY}/deploy`, {
          environment: 'dev',
          version: '1.1.0',
          dryRun: true,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('post', `${ENTITY}/deploy`, {
          environment: 'dev',
          version: '1.1.0',
        })
      ).status,
    ).toBe(201);
    await call('post', `${ENTITY}/sync`, { environment: 'dev', dryRun: true });
    await call('post', `${ENTITY}/sync`, { environment: 'dev' });
    await call('post', `${ENTITY}/refresh`);
    await call('get', `${ENTITY}/diff?environment=dev`);
    await call('get', `${ENTITY}/operations`);
    await call('get', `${ENTITY}/history?environment=dev`);

    const rows: string[] = [];
    for (const table of [
      'gitops_environment_status',
      'gitops_operations',
      'gitops_locks',
      'gitops_webhook_deliveries',
    ]) {
      rows.push(JSON.stringify(await knex(table).select()));
    }
    const everything = [...responses, ...lines, ...rows].join('\n');
    // The scenario did reach Git and the cluster, and the diff shows masks.
    expect(everything).toContain('++++++++');
    expect(rows.join('')).toContain('Synced');
    for (const value of Object.values(CLEAR)) {
      for (const form of [value, Buffer.from(value).toString('base64')]) {
        expect(everything).not.toContain(form);
      }
    }
  });
});
