import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_CONFIG_REPO,
  ANNOTATION_ENVIRONMENTS,
} from '@slipway/plugin-gitops-common';
import { ManifestRenderer } from '@slipway/plugin-gitops-node';
import express from 'express';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { captureLogger, createLocalRepository } from '../__testUtils__';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';
import { GitOpsBuilder } from './GitOpsBuilder';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('GitOpsBuilder', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  /** The backend for one application whose config repository is on disk. */
  async function build(renderer: ManifestRenderer) {
    const repo = await createLocalRepository({
      'envs/dev/kustomization.yaml': 'resources: []\n',
    });
    cleanups.push(() => repo.close());
    const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-builder-'));
    cleanups.push(() => fs.rm(cacheDir, { recursive: true, force: true }));
    const knex = await databases.init('SQLITE_3');
    cleanups.push(() => knex.destroy());
    const { logger, lines } = captureLogger();
    const signals = { publish: jest.fn(async () => undefined) };
    const gitops = await GitOpsBuilder.createBuilder({
      rootConfig: mockServices.rootConfig({
        data: {
          gitops: {
            cacheDir,
            git: { allowFileUrls: true },
            environments: [
              {
                name: 'dev',
                cluster: 'dev-cluster',
                sync: { automated: true },
              },
            ],
          },
        },
      }),
      logger,
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      database: mockServices.database({ knex }),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      scheduler: mockServices.scheduler.mock(),
      lifecycle: mockServices.lifecycle.mock(),
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'shop',
              namespace: 'default',
              annotations: {
                [ANNOTATION_CONFIG_REPO]: repo.url,
                [ANNOTATION_ENVIRONMENTS]: 'dev',
              },
            },
            spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
          },
        ],
      }),
      signals,
    })
      .addRenderers([renderer])
      .build();
    cleanups.push(async () => {
      await gitops.engine.stop();
      await gitops.live.stop();
      await gitops.pull.stop();
    });
    return { gitops, lines, signals };
  }

  it("asks a module's renderer before the built-in ones, and tells viewers what the pass found", async () => {
    const renderer: ManifestRenderer = {
      name: 'platform',
      supports: jest.fn(async () => true),
      render: jest.fn(async () => []),
    };
    const { gitops, lines, signals } = await build(renderer);

    await gitops.runEnginePass();

    expect(renderer.render).toHaveBeenCalledTimes(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^info Engine pass: 1 applications, 1 environments, \d synced, \d failed, \d+ ms/,
      ),
    );
    expect(signals.publish).toHaveBeenCalledWith({
      channel: 'gitops:component:default/shop',
      message: { environment: 'dev', type: 'status' },
      recipients: { type: 'broadcast' },
    });
    expect(
      (
        await gitops.stores.status.getObservations('component:default/shop')
      ).get('dev'),
    ).toBeDefined();
  });

  it('serves the API with its health check, and settles no operation when none was abandoned', async () => {
    const { gitops, lines } = await build({
      name: 'unused',
      supports: async () => false,
      render: async () => [],
    });
    const app = express().use(gitops.router);

    const response = await request(app).get('/health');
    await gitops.recoverAbandonedOperations();

    expect(response.status).toBe(200);
    expect(lines.filter(line => line.includes('Abandoned operations'))).toEqual(
      [],
    );
    expect(gitops.config.environments.map(env => env.name)).toEqual(['dev']);
  });
});
