/*
 * Deploy latency end to end, through the DeliveryService the API uses
 * (real git, real SQLite): each deploy reads the overlay's version,
 * records the operation, edits the overlay's kustomization.yaml (`images:`
 * newTag), commits and pushes. Measured in the steady state (the first
 * deploy, which fills the repository cache, is not counted), one deploy at
 * a time:
 *
 * - a local (file://) repository of one application: p50/p95 of
 *   BENCH_SEQUENTIAL (100) sequential deploys, and their total time;
 * - the same on a local repository of 1,000 applications (apps/app-<i>/base
 *   and apps/app-<i>/envs/{dev,staging,prod}, a kustomization.yaml in each:
 *   5,000 files), deploying app-0, app-1, … in turn;
 * - a smart-HTTP repository of one application (git http-backend behind
 *   basic auth): p50/p95 of BENCH_SAMPLES (30) deploys.
 *
 * Each row also gives the git processes a deploy starts. The local
 * repositories are packed (`git gc`), as a Git host keeps its repositories:
 * in an unpacked one, every push's connectivity check on the receiving side
 * reads thousands of loose objects.
 *
 *   yarn bench:operations        (from the repository root)
 *
 * Targets, on a local repository of one application and on one of 1,000
 * applications alike: deploy p50 ≤ 300 ms; 100 sequential deploys ≤ 30 s.
 * The machine's load changes every figure: note `uptime` beside them.
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
  GitRunOptions,
  IntegrationsGitCredentialsProvider,
  RepositoryCache,
} from '../src/git';
import { DeliveryService } from '../src/operations/DeliveryService';
import { OperationRunner } from '../src/operations/OperationRunner';
import {
  createLocalRepository,
  createTestGitServer,
  testGit,
} from '../src/__testUtils__';
import { row, silentLogger } from './benchStats';

const IMAGE = 'ghcr.io/acme/payments';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 100);
const APPLICATIONS = 1000;

const files = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': deployment('payments', IMAGE),
  'envs/dev/kustomization.yaml': `# dev overlay\nresources:\n  - ../../base\nimages:\n  - name: ${IMAGE}\n    newTag: "1.0.0"\n`,
};

function deployment(name: string, image: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}:0.0.1\n`;
}

/** apps/app-<i>/base and apps/app-<i>/envs/<env>, a kustomization.yaml in each. */
function manyApplications(count: number): Record<string, string> {
  const repository: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = `app-${i}`;
    const image = `ghcr.io/acme/${name}`;
    repository[`apps/${name}/base/kustomization.yaml`] =
      'resources:\n  - deployment.yaml\n';
    repository[`apps/${name}/base/deployment.yaml`] = deployment(name, image);
    for (const env of ['dev', 'staging', 'prod']) {
      repository[
        `apps/${name}/envs/${env}/kustomization.yaml`
      ] = `resources:\n  - ../../base\nimages:\n  - name: ${image}\n    newTag: "1.0.0"\n`;
    }
  }
  return repository;
}

/** Counts the git processes the plugin starts. */
class CountingGitCli extends GitCli {
  processes = 0;

  override run(args: string[], options?: GitRunOptions) {
    this.processes += 1;
    return super.run(args, options);
  }
}

function applicationOf(
  url: string,
  name: string,
  image: string,
  overlayPath: string,
): GitOpsApplication {
  return {
    entityRef: `component:default/${name}`,
    configRepo: { url, path: '.', branch: 'main' },
    image,
    environments: [
      {
        name: 'dev',
        cluster: 'dev-cluster',
        engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
        sync: { automated: false, prune: false, selfHeal: false },
        changes: 'commit',
        protected: false,
        overlayPath,
      },
    ],
  };
}

/**
 * Deploys through a fresh cache and database; `applicationFor(n)` is the
 * application the n-th deploy changes.
 */
async function deliveryFor(
  config: ConfigReader,
  applicationFor: (n: number) => GitOpsApplication,
) {
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
  const git = new CountingGitCli({
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
  const actor = {
    entityRef: 'user:default/bench',
    name: 'Bench',
    email: 'bench@example.com',
  };
  let n = 0;
  const deploy = () => {
    const application = applicationFor(n);
    return delivery.deploy(
      application,
      { environment: 'dev', version: `2.0.${n++}` },
      actor,
    );
  };
  return {
    deploy,
    git,
    close: async () => {
      await knex.destroy();
      await fs.rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/**
 * Times `count` deploys one after another, after one that fills the cache:
 * each deploy's time, the total and the git processes per deploy.
 */
async function timeEach(
  delivery: Awaited<ReturnType<typeof deliveryFor>>,
  count: number,
) {
  await delivery.deploy();
  const processesBefore = delivery.git.processes;
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const deployStarted = performance.now();
    await delivery.deploy();
    samples.push(performance.now() - deployStarted);
  }
  return {
    samples,
    totalMs: performance.now() - started,
    processes: (delivery.git.processes - processesBefore) / count,
  };
}

/** A local repository of these files, packed as a Git host keeps one. */
async function packedLocalRepository(repository: Record<string, string>) {
  const local = await createLocalRepository(repository);
  await testGit(['gc', '--quiet'], { cwd: local.path });
  return local;
}

async function main() {
  const table: Array<Record<string, string | number>> = [];
  const totals: string[] = [];
  const record = (
    label: string,
    timed: Awaited<ReturnType<typeof timeEach>>,
    repository?: string,
  ) => {
    table.push({
      ...row(label, timed.samples),
      'git processes': timed.processes.toFixed(1),
    });
    if (repository) {
      const seconds = timed.totalMs / 1000;
      totals.push(
        `${
          timed.samples.length
        } sequential deploys, ${repository}: ${seconds.toFixed(2)} s (${(
          timed.samples.length / seconds
        ).toFixed(1)} deploys/s)`,
      );
    }
  };

  const small = await packedLocalRepository(files);
  const smallDelivery = await deliveryFor(new ConfigReader({}), () =>
    applicationOf(small.url, 'payments', IMAGE, 'envs/dev'),
  );
  record(
    'deploy end to end, local repo, 1 app (ms)',
    await timeEach(smallDelivery, SEQUENTIAL),
    'local repo of 1 app',
  );
  await smallDelivery.close();
  await small.close();

  const large = await packedLocalRepository(manyApplications(APPLICATIONS));
  const largeDelivery = await deliveryFor(new ConfigReader({}), n => {
    const name = `app-${n % APPLICATIONS}`;
    return applicationOf(
      large.url,
      name,
      `ghcr.io/acme/${name}`,
      `apps/${name}/envs/dev`,
    );
  });
  record(
    `deploy end to end, local repo, ${APPLICATIONS.toLocaleString(
      'en',
    )} apps, app-0, app-1, … in turn (ms)`,
    await timeEach(largeDelivery, SEQUENTIAL),
    `local repo of ${APPLICATIONS.toLocaleString('en')} apps`,
  );
  await largeDelivery.close();
  await large.close();

  const server = await createTestGitServer({
    username: 'x-access-token',
    password: 'bench-token',
  });
  const remote = await server.createRepository('payments-config', files);
  const host = new URL(remote.url).host;
  const remoteDelivery = await deliveryFor(
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
    () => applicationOf(remote.url, 'payments', IMAGE, 'envs/dev'),
  );
  record(
    'deploy end to end, smart-HTTP repo, 1 app (ms)',
    await timeEach(remoteDelivery, SAMPLES),
  );
  await remoteDelivery.close();
  await server.close();

  console.table(table);
  totals.forEach(line => console.log(line));
  console.log(
    `Targets (local repo of 1 app, and of ${APPLICATIONS.toLocaleString(
      'en',
    )} apps): deploy p50 ≤ 300 ms; ${SEQUENTIAL} sequential deploys ≤ 30 s`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
