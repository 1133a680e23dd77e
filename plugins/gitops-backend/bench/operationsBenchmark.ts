/*
 * Prints deploy latency (p50/p95) against a local repository and against a
 * smart-HTTP repository (git http-backend behind basic auth), and the time of
 * 100 sequential deploys. Real git, real SQLite, the same DeliveryService
 * the API uses.
 *
 *   yarn bench:operations        (from the repository root)
 *
 * Targets: deploy on a local repository p50 ≤ 300 ms; 100 sequential
 * deploys ≤ 30 s.
 */
import { ConfigReader } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GitOpsApplication } from '../src/applications';
import { createGitOpsStores } from '../src/database/createGitOpsStores';
import {
  ConfigRepoWriter,
  GitCli,
  IntegrationsGitCredentialsProvider,
  RepositoryCache,
} from '../src/git';
import { DeliveryService } from '../src/operations/DeliveryService';
import { OperationRunner } from '../src/operations/OperationRunner';
import {
  createLocalRepository,
  createTestGitServer,
} from '../src/__testUtils__';
import { row, silentLogger } from './benchStats';

const IMAGE = 'ghcr.io/acme/payments';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 100);

const files = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments\nspec:\n  template:\n    spec:\n      containers:\n        - name: payments\n          image: ${IMAGE}:0.0.1\n`,
  'envs/dev/kustomization.yaml': `# dev overlay\nresources:\n  - ../../base\nimages:\n  - name: ${IMAGE}\n    newTag: "1.0.0"\n`,
};

async function deliveryFor(url: string, config: ConfigReader) {
  const logger = silentLogger as unknown as LoggerService;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const stores = await createGitOpsStores({
    getClient: async () => knex,
  });
  const cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-bench-cache-'));
  const git = new GitCli({
    credentials: IntegrationsGitCredentialsProvider.fromConfig(config),
  });
  const repositories = await RepositoryCache.create({ git, cacheDir });
  const delivery = new DeliveryService({
    repositories,
    writer: new ConfigRepoWriter({ git, cache: repositories }),
    runner: new OperationRunner({
      operations: stores.operations,
      locks: stores.locks,
      logger,
      owner: 'bench',
    }),
    statusStore: stores.status,
    pullRequestProviders: [],
    logger,
  });
  const application: GitOpsApplication = {
    entityRef: 'component:default/payments',
    configRepo: { url, path: '.', branch: 'main' },
    image: IMAGE,
    environments: [
      {
        name: 'dev',
        cluster: 'dev-cluster',
        sync: { automated: false, prune: false, selfHeal: false },
        changes: 'commit',
        protected: false,
        overlayPath: 'envs/dev',
      },
    ],
  };
  const actor = {
    entityRef: 'user:default/bench',
    name: 'Bench',
    email: 'bench@example.com',
  };
  let n = 0;
  const deploy = () =>
    delivery.deploy(
      application,
      { environment: 'dev', version: `2.0.${n++}` },
      actor,
    );
  return {
    deploy,
    close: async () => {
      await knex.destroy();
      await fs.rm(cacheDir, { recursive: true, force: true });
    },
  };
}

async function timeEach(deploy: () => Promise<unknown>, count: number) {
  // The first deploy clones the repository into the cache; time the steady state.
  await deploy();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await deploy();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main() {
  const table: Array<Record<string, string | number>> = [];

  const local = await createLocalRepository(files);
  const localDelivery = await deliveryFor(local.url, new ConfigReader({}));
  table.push(
    row(
      'deploy, local repository (ms)',
      await timeEach(localDelivery.deploy, SAMPLES),
    ),
  );
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    await localDelivery.deploy();
  }
  const sequentialMs = performance.now() - started;
  await localDelivery.close();
  await local.close();

  const server = await createTestGitServer({
    username: 'x-access-token',
    password: 'bench-token',
  });
  const remote = await server.createRepository('payments-config', files);
  const host = new URL(remote.url).host;
  const remoteDelivery = await deliveryFor(
    remote.url,
    new ConfigReader({
      integrations: {
        github: [
          {
            host,
            apiBaseUrl: `http://${host}/api/v3`,
            token: 'bench-token',
          },
        ],
      },
    }),
  );
  table.push(
    row(
      'deploy, smart-HTTP repository (ms)',
      await timeEach(remoteDelivery.deploy, SAMPLES),
    ),
  );
  await remoteDelivery.close();
  await server.close();

  console.table(table);
  console.log(
    `${SEQUENTIAL} sequential deploys (local repository): ${(
      sequentialMs / 1000
    ).toFixed(2)} s (${(SEQUENTIAL / (sequentialMs / 1000)).toFixed(
      1,
    )} deploys/s)`,
  );
  console.log(
    `Targets: local deploy p50 ≤ 300 ms; ${SEQUENTIAL} sequential deploys ≤ 30 s`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
