/*
 * The sync engine against the Kubernetes API simulator (run as a separate
 * process, so the figures are the engine's own) and a generated config
 * repository of N applications x 3 environments x ~9 objects. Prints:
 * initial full sync time, a steady-state pass with nothing changed, webhook
 * commit → Synced latency (with the webhook debounce the plugin ships),
 * drift → detected (status OutOfSync or a self-heal started) and → healed
 * latency, the
 * engine's peak RSS, and per phase the git processes the engine started
 * and the CPU time of the engine, its git processes, kustomize and (per-repo)
 * the Git host.
 *
 *   yarn bench:engine                 (from the repository root)
 *   yarn bench:engine --layout per-repo
 *                                     (one config repository per application,
 *                                     served over smart HTTP: see
 *                                     configRepositoryLayouts.ts)
 *   BENCH_APPS=200 yarn bench:engine  (a smaller run)
 *   BENCH_KUBECONFIG=<file> BENCH_APPS=50 yarn bench:engine
 *                                     (against a real API server, such as the
 *                                     control plane `scripts/kube.sh start`
 *                                     runs with KWOK nodes; both cluster names
 *                                     go to its current context)
 *
 * BENCH_HEAP_SNAPSHOT=initial (or =commits) writes a heap snapshot after
 * the initial sync (or after the webhook commits), for finding what holds
 * memory.
 *
 * `yarn bench:engine` runs it as a deployed backend runs: compiled (see
 * runCompiled.mjs) and with Node's defaults, so the peak RSS is what V8
 * takes on this host when nothing limits it. NODE_OPTIONS passes through
 * for other settings.
 *
 * Targets (2 cores): initial sync of 3,000 application-environments ≤ 60 s;
 * steady-state pass ≤ 10 s; webhook commit → Synced p95 ≤ 3 s; drift
 * detected p95 ≤ 5 s; peak RSS ≤ 500 MB.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import express from 'express';
import knexFactory from 'knex';
import { spawn, ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import {
  ApplicationCatalog,
  GitOpsApplication,
  LocationOwnership,
} from '../src/applications';
import { createGitOpsStores } from '../src/database/createGitOpsStores';
import { EnvironmentObservation } from '../src/database/StatusStore';
import { LiveStateCache } from '../src/engine/LiveStateCache';
import { ServerSideApplyAgent } from '../src/engine/ServerSideApplyAgent';
import { SyncEngine } from '../src/engine/SyncEngine';
import { GitCli, RepositoryCache } from '../src/git';
import { builtInHealthChecks } from '../src/health';
import { ClusterClients } from '../src/kubernetes';
import { OperationRunner } from '../src/operations/OperationRunner';
import { createRendererChain, RenderCache } from '../src/render';
import { KustomizeProcess } from '../src/render/KustomizeProcess';
import {
  createWebhookRouter,
  selectAffectedApplications,
} from '../src/webhooks';
import { testGit } from '../src/__testUtils__';
import { row, silentLogger } from './benchStats';
import {
  createConfigRepositories,
  Layout,
  serveGitHost,
} from './configRepositoryLayouts';
import { GitActivity } from './gitActivity';

const APPS = Number(process.env.BENCH_APPS ?? 1000);
const LAYOUT = readLayout();
const COMMITS = Number(process.env.BENCH_COMMITS ?? 50);
const DRIFTS = Number(process.env.BENCH_DRIFTS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ENVIRONMENTS = ['dev', 'staging', 'production'];
const TOKEN = 'bench-token';
const SECRET = 'bench-webhook-secret';
const logger = silentLogger as unknown as LoggerService;

/** App i's files, relative to its folder (or its repository's root). */
function appFiles(i: number): Record<string, string> {
  const name = `app-${i}`;
  const files: Record<string, string> = {
    [`base/kustomization.yaml`]: [
      'resources:',
      '  - deployment.yaml',
      '  - service.yaml',
      '  - config.yaml',
      '  - rbac.yaml',
      '  - ingress.yaml',
      '',
    ].join('\n'),
    [`base/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      serviceAccountName: ${name}
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0.0
          ports: [{ containerPort: 8080 }]
          envFrom: [{ configMapRef: { name: ${name}-settings } }]
`,
    [`base/service.yaml`]: `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]
`,
    [`base/config.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-settings
data:
  LOG_LEVEL: info
  FEATURE_X: "on"
`,
    [`base/rbac.yaml`]: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}-reader
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}-reader
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${name}-reader }
subjects: [{ kind: ServiceAccount, name: ${name} }]
`,
    [`base/ingress.yaml`]: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: ${name}, port: { number: 80 } } }
`,
  };
  for (const env of ENVIRONMENTS) {
    files[
      `envs/${env}/namespace.yaml`
    ] = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}-${env}\n`;
    files[`envs/${env}/kustomization.yaml`] = [
      `namespace: ${name}-${env}`,
      'resources:',
      '  - namespace.yaml',
      '  - ../../base',
      'images:',
      `  - name: registry.example.com/${name}`,
      '    newTag: "1.0.0"',
      '',
    ].join('\n');
  }
  return files;
}

async function startSimulator(): Promise<{
  process: ChildProcess;
  ports: { dev: number; prod: number };
}> {
  const base = 20000 + Math.floor(Math.random() * 20000);
  const cli = resolve(
    __dirname,
    '../../../packages/kube-simulator/bin/kube-simulator',
  );
  const child = spawn(
    cli,
    [
      '--clusters',
      'dev-cluster,prod-cluster',
      '--port',
      String(base),
      '--token',
      TOKEN,
      '--tick-ms',
      '200',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready, fail) => {
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
      if (output.includes('prod-cluster')) ready();
    });
    child.on('exit', code => fail(new Error(`simulator exited with ${code}`)));
  });
  return { process: child, ports: { dev: base, prod: base + 1 } };
}

interface BenchCluster {
  url: string;
  token: string;
  caData?: string;
}

/**
 * No ingress controller runs beside a bare API server: play the one part of
 * it that health reads, an address on each Ingress (the simulator's own
 * controller does the same).
 */
async function publishIngressAddresses(kc: KubeConfig): Promise<void> {
  const api = kc.makeApiClient(NetworkingV1Api);
  const list = await api.listIngressForAllNamespaces({
    labelSelector: 'app.kubernetes.io/managed-by=slipway',
  });
  for (const ingress of list.items) {
    if (ingress.status?.loadBalancer?.ingress?.length) continue;
    ingress.status = { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } };
    await api.replaceNamespacedIngressStatus({
      name: ingress.metadata!.name!,
      namespace: ingress.metadata!.namespace!,
      body: ingress,
    });
  }
}

/** Where dev-cluster and prod-cluster answer, and how to stop them. */
async function startClusters(): Promise<{
  what: string;
  dev: BenchCluster;
  prod: BenchCluster;
  /** What the cluster's missing controllers would do after a sync. */
  afterSync(): Promise<void>;
  stop(): void;
}> {
  const kubeconfig = process.env.BENCH_KUBECONFIG;
  if (kubeconfig) {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const cluster = kc.getCurrentCluster();
    const token = kc.getCurrentUser()?.token;
    if (!cluster || !token) {
      throw new Error(
        `${kubeconfig} has no current cluster with a bearer token`,
      );
    }
    const real = { url: cluster.server, token, caData: cluster.caData };
    return {
      what: `the API server at ${cluster.server}`,
      dev: real,
      prod: real,
      afterSync: () => publishIngressAddresses(kc),
      stop: () => {},
    };
  }
  const simulator = await startSimulator();
  const at = (port: number) => ({
    url: `http://127.0.0.1:${port}`,
    token: TOKEN,
  });
  return {
    what: 'the simulator',
    dev: at(simulator.ports.dev),
    prod: at(simulator.ports.prod),
    afterSync: async () => {},
    stop: () => simulator.process.kill(),
  };
}

/** The highest RSS sampled so far: the engine's, kustomize's, together. */
const peak = { engine: 0, kustomize: 0, both: 0 };
let kustomizePid: number | undefined;

/** The resident memory of the kustomize helper process (Linux). */
function kustomizeRss(): number {
  if (!kustomizePid) return 0;
  try {
    const statm = readFileSync(`/proc/${kustomizePid}/statm`, 'utf8');
    return Number(statm.split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

function sampleMemory(): { engine: number; kustomize: number } {
  const sample = {
    engine: process.memoryUsage().rss,
    kustomize: kustomizeRss(),
  };
  peak.engine = Math.max(peak.engine, sample.engine);
  peak.kustomize = Math.max(peak.kustomize, sample.kustomize);
  peak.both = Math.max(peak.both, sample.engine + sample.kustomize);
  return sample;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function memoryFigure(when: string): string {
  const sample = sampleMemory();
  const { heapUsed, heapTotal, external } = process.memoryUsage();
  return `memory ${when}: engine RSS ${mb(sample.engine)} + kustomize ${mb(
    sample.kustomize,
  )} (peak of the sum so far ${mb(peak.both)}), JS heap ${mb(
    heapUsed,
  )} used of ${mb(heapTotal)}, external ${mb(external)}`;
}

async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  describeWait?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const waitingOn = describeWait ? `: ${await describeWait()}` : '';
      throw new Error(`Timed out waiting for ${what}${waitingOn}`);
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

/** `--layout per-repo` (or BENCH_LAYOUT); one repository by default. */
function readLayout(): Layout {
  const at = process.argv.indexOf('--layout');
  const value = at >= 0 ? process.argv[at + 1] : process.env.BENCH_LAYOUT;
  if (value === undefined || value === 'one-repo') return 'one-repo';
  if (value === 'per-repo') return 'per-repo';
  throw new Error(`--layout must be one-repo or per-repo, got "${value}"`);
}

async function main() {
  // Other work on the machine shows in every figure: printed with them.
  const startLoad = loadavg()
    .map(load => load.toFixed(2))
    .join(', ');
  const sampler = setInterval(sampleMemory, 100);
  const hostPid: { current?: number } = {};
  const activity = GitActivity.install(() => ({
    kustomize: kustomizePid,
    'Git host': hostPid.current,
  }));
  kustomizePid = (await KustomizeProcess.shared()).pid;
  const work = await fs.mkdtemp(join(tmpdir(), 'slipway-engine-bench-'));
  const servers = await startClusters();
  const cleanUps: Array<() => Promise<void>> = [];
  try {
    const repos = await createConfigRepositories({
      layout: LAYOUT,
      apps: APPS,
      work,
      appFiles,
    });
    cleanUps.push(() => repos.close());
    hostPid.current = repos.hostPid;
    const rootConfig = new ConfigReader({
      gitops: {
        environments: ENVIRONMENTS.map(name => ({
          name,
          cluster: name === 'production' ? 'prod-cluster' : 'dev-cluster',
          sync: {
            automated: true,
            prune: process.env.BENCH_PRUNE !== 'false',
            selfHeal: true,
          },
        })),
        engine: { concurrency: CONCURRENCY },
      },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              { name: 'dev-cluster', ...servers.dev },
              { name: 'prod-cluster', ...servers.prod },
            ].map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.token,
              ...(c.caData ? { caData: c.caData } : { skipTLSVerify: true }),
            })),
          },
        ],
      },
    });
    const config = readGitOpsConfig(rootConfig);
    const applications: GitOpsApplication[] = Array.from(
      { length: APPS },
      (_, i) => ({
        entityRef: `component:default/app-${i}`,
        configRepo: {
          url: repos.location(i).url,
          path: repos.location(i).path,
          branch: 'main',
        },
        image: `registry.example.com/app-${i}`,
        environments: config.environments.map(env => ({
          ...env,
          overlayPath: repos.location(i).overlay(env.name),
        })),
      }),
    );
    const catalog = {
      listApplications: async () => ({ applications, invalid: [] }),
    } as unknown as ApplicationCatalog;

    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(work, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    const stores = await createGitOpsStores({ getClient: async () => knex });
    const { credentials } = repos;
    const git = new GitCli(
      credentials
        ? { credentials: { getCredentials: async () => credentials } }
        : {},
    );
    const repositories = await RepositoryCache.create({
      git,
      cacheDir: join(work, 'cache'),
    });
    const clusters = ClusterClients.fromConfig(rootConfig);
    const engineRef: { current?: SyncEngine } = {};
    const live = new LiveStateCache(clusters, logger, change =>
      engineRef.current?.handleLiveChange(change),
    );
    const engine = new SyncEngine({
      applications: catalog,
      // As plugin.ts wires it: one owner per config location, checked for
      // every application on every reconcile.
      ownership: LocationOwnership.fromConfig(
        rootConfig,
        async () => (await catalog.listApplications()).applications,
      ),
      repositories,
      renderCache: new RenderCache({ renderer: createRendererChain() }),
      statusStore: stores.status,
      locks: stores.locks,
      runner: new OperationRunner({
        operations: stores.operations,
        locks: stores.locks,
        logger,
        owner: 'bench',
      }),
      agent: new ServerSideApplyAgent(clusters, live),
      healthChecks: builtInHealthChecks,
      logger,
      concurrency: config.engine.concurrency,
    });
    engineRef.current = engine;
    const syncEngine = engine;
    const status = async (
      i: number,
      env: string,
    ): Promise<EnvironmentObservation | undefined> =>
      (await stores.status.getObservations(`component:default/app-${i}`)).get(
        env,
      );

    const table: Array<Record<string, string | number>> = [];
    const figures: string[] = [];

    // 1. Initial full sync.
    figures.push(memoryFigure('before the initial sync'));
    let phase = activity.read();
    let started = performance.now();
    const first = await syncEngine.reconcileAll();
    const initialMs = performance.now() - started;
    await servers.afterSync();
    if (process.env.BENCH_HEAP_SNAPSHOT === 'initial') {
      // For finding what holds memory: open in Chrome DevTools.
      console.log(`heap snapshot: ${writeHeapSnapshot()}`);
    }
    figures.push(activity.describe('initial sync', phase));
    figures.push(memoryFigure('after the initial sync'));
    figures.push(
      `initial full sync: ${(initialMs / 1000).toFixed(1)} s for ${
        first.environments
      } application-environments (${first.synced} synced, ${
        first.failed
      } failed); watch cache holds ${live.size} objects`,
    );

    // 2. Steady state: nothing changed, once the rollouts the initial sync
    // started have finished (until then the watches keep reporting changes).
    started = performance.now();
    await waitFor(
      async () => {
        const rows = await knex('gitops_environment_status')
          .whereNot('health', 'Healthy')
          .count({ count: '*' });
        return Number(rows[0].count) === 0 ? true : undefined;
      },
      300_000,
      'every environment to become Healthy',
      // What a timeout reports: which environments, and why.
      async () =>
        (
          await knex('gitops_environment_status')
            .whereNot('health', 'Healthy')
            .select('entity_ref', 'environment', 'health', 'message')
            .limit(5)
        )
          .map(
            r => `${r.entity_ref} ${r.environment}: ${r.health} (${r.message})`,
          )
          .join('; '),
    );
    figures.push(
      `every environment Healthy ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s after the initial sync`,
    );
    phase = activity.read();
    started = performance.now();
    const steady = await syncEngine.reconcileAll();
    figures.push(
      `steady-state pass: ${((performance.now() - started) / 1000).toFixed(
        2,
      )} s (${steady.synced} synced, ${steady.failed} failed)`,
    );
    figures.push(activity.describe('steady-state pass', phase));
    phase = activity.read();
    figures.push(memoryFigure('after the steady-state pass'));

    // 3. Commit → Synced through a signed GitHub webhook.
    const app = express();
    app.use(
      // The debounce window the plugin ships (500 ms): pushes to one branch
      // within it are reconciled once.
      createWebhookRouter({
        logger,
        secret: SECRET,
        onPush: async push => {
          await Promise.all(
            selectAffectedApplications(push, syncEngine.applications).map(a =>
              syncEngine.reconcileApplication(a, 'webhook'),
            ),
          );
        },
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise(r => server.once('listening', r));
    const hook = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/webhooks/git`;
    const commitLatencies: number[] = [];
    for (let c = 0; c < COMMITS; c++) {
      const i = (c * 7919) % APPS;
      const tag = `1.1.${c}`;
      const { url, after, overlay } = await repos.deploy(i, tag);
      const body = JSON.stringify({
        ref: 'refs/heads/main',
        after,
        repository: { clone_url: url, default_branch: 'main' },
        commits: [{ id: after, added: [], removed: [], modified: [overlay] }],
      });
      started = performance.now();
      const response = await fetch(hook, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET)
            .update(body)
            .digest('hex')}`,
        },
        body,
      });
      if (response.status !== 202) {
        throw new Error(
          `webhook answered ${response.status}: ${await response.text()}`,
        );
      }
      await waitFor(
        async () => {
          const s = await status(i, 'dev');
          return s?.revision === after &&
            s.syncStatus === 'Synced' &&
            s.liveVersion === tag
            ? true
            : undefined;
        },
        30_000,
        `app-${i} to sync ${tag}`,
      );
      commitLatencies.push(performance.now() - started);
    }
    server.close();
    if (process.env.BENCH_HEAP_SNAPSHOT === 'commits') {
      console.log(`heap snapshot: ${writeHeapSnapshot()}`);
    }
    table.push(
      row(
        'webhook commit → Synced (push delivered → status Synced at the commit, 500 ms debounce included) (ms)',
        commitLatencies,
      ),
    );
    figures.push(activity.describe(`${COMMITS} webhook commits`, phase));
    figures.push(memoryFigure('after the commits'));

    // 4. Drift: change a live Deployment by hand; the watch sees it, self-heal reverts it.
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'dev',
          server: servers.dev.url,
          caData: servers.dev.caData,
          skipTLSVerify: !servers.dev.caData,
        },
      ],
      users: [{ name: 'u', token: servers.dev.token }],
      contexts: [{ name: 'dev', cluster: 'dev', user: 'u' }],
      currentContext: 'dev',
    });
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const detected: number[] = [];
    const healed: number[] = [];
    for (let d = 0; d < DRIFTS; d++) {
      const i = (d * 104729 + 13) % APPS;
      const name = `app-${i}`;
      const replicas = 5 + (d % 3);
      started = performance.now();
      const injectedAt = Date.now();
      await objects.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: `${name}-staging` },
          spec: { replicas },
        } as any,
        undefined,
        undefined,
        'kubectl-edit',
        undefined,
        'application/merge-patch+json' as any,
      );
      let seenAt: number | undefined;
      await waitFor(
        async () => {
          const s = await status(i, 'staging');
          const ops = await stores.operations.list({
            entityRef: `component:default/${name}`,
            environment: 'staging',
            limit: 1,
            offset: 0,
          });
          // The engine's operation for this drift: created after the change.
          const healing = ops.items.find(
            o => new Date(o.createdAt).getTime() >= injectedAt,
          );
          if (
            seenAt === undefined &&
            (s?.syncStatus === 'OutOfSync' || healing)
          ) {
            seenAt = performance.now();
          }
          const healDone =
            healing?.state === 'succeeded' &&
            healing.message?.includes('self heal');
          return s?.syncStatus === 'Synced' && healDone && seenAt !== undefined
            ? true
            : undefined;
        },
        30_000,
        `${name} drift to heal`,
      ).catch(async error => {
        const s = await status(i, 'staging');
        const ops = await stores.operations.list({
          entityRef: `component:default/${name}`,
          environment: 'staging',
          limit: 3,
          offset: 0,
        });
        throw new Error(
          `${error.message}: staging is ${s?.syncStatus}/${s?.health} (${
            s?.message ?? 'no message'
          }); last operations: ${ops.items
            .map(o => `${o.kind} ${o.state} ${o.message}`)
            .join(' | ')}`,
        );
      });
      detected.push(seenAt! - started);
      healed.push(performance.now() - started);
      // The next drift must not ride on this one's operation record.
      await new Promise(r => setTimeout(r, 50));
    }
    table.push(
      row(
        'drift → detected (change made → status OutOfSync or a self-heal operation recorded as started) (ms)',
        detected,
      ),
    );
    table.push(
      row(
        'drift → healed (change made → self-heal operation succeeded and status Synced) (ms)',
        healed,
      ),
    );
    figures.push(memoryFigure('after the drifts'));

    console.log(
      `Sync engine benchmark: ${APPS} applications x ${ENVIRONMENTS.length} environments x 9 objects, concurrency ${CONCURRENCY}, on ${servers.what}; layout ${repos.layout}: ${repos.describe}`,
    );
    for (const line of figures) console.log(line);
    console.log(
      `load average (1, 5, 15 min) at the start: ${startLoad}; at the end: ${loadavg()
        .map(load => load.toFixed(2))
        .join(', ')}`,
    );
    console.table(table);
    console.log(
      `peak RSS: ${mb(
        peak.both,
      )} for the engine and its kustomize process together (engine alone ${mb(
        peak.engine,
      )}, kustomize alone ${mb(peak.kustomize)}; V8 heap limit ${mb(
        getHeapStatistics().heap_size_limit,
      )}; short-lived git processes not counted)`,
    );
    console.log(
      'Targets: initial sync of 3,000 application-environments ≤ 60 s; steady-state pass ≤ 10 s; webhook commit → Synced p95 ≤ 3 s; drift detected p95 ≤ 5 s; peak RSS ≤ 500 MB',
    );

    syncEngine.stop();
    await live.stop();
    await knex.destroy();
  } finally {
    clearInterval(sampler);
    servers.stop();
    for (const cleanUp of cleanUps) await cleanUp();
    await fs.rm(work, { recursive: true, force: true });
  }
}

(process.argv.includes('--serve-git') ? serveGitHost() : main()).then(
  () => {
    if (!process.argv.includes('--serve-git')) process.exit(0);
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
