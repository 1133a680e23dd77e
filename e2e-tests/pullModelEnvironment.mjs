#!/usr/bin/env node
/*
 * The pull model for the end-to-end portal: staging applied by the real Argo
 * CD, production by the real Flux, dev by Slipway's own engine, as
 * `./scripts/start.sh --pull-model` does for the demo, but on the e2e copy of
 * the demo's data (.demo-e2e) and on controllers that already run
 * (scripts/gitops-controllers.sh; SLIPWAY_GITOPS_ENV names their env file).
 *
 *   node e2e-tests/pullModelEnvironment.mjs start
 *     serves .demo-e2e/repos over smart HTTP on loopback
 *     (scripts/gitops-controllers/git-http.mjs), creates the Argo CD
 *     Applications and Flux GitRepositories and Kustomizations that
 *     scripts/demo-pull-model.mjs prints, and writes the config the portal
 *     layers last: .demo-e2e/app-config.pull-model.yaml. Needs
 *     SLIPWAY_GITOPS_ENV and SLIPWAY_E2E_CLUSTER_CONFIG (the portal's clusters
 *     must be the control plane the controllers watch). Undoes what it did if
 *     a step fails.
 *   node e2e-tests/pullModelEnvironment.mjs stop [--run <id>]
 *     deletes those objects and ends the Git server: only the process whose
 *     pid file and working folder are in .demo-e2e/gitops. Does nothing when
 *     nothing was started, or, with --run, when `start` ran for another
 *     SLIPWAY_E2E_RUN_ID (Playwright's teardown leaves a reused portal's
 *     pull model alone); safe to run any time.
 *
 * Playwright runs `stop` then `start` before the portal (playwright.config.ts)
 * and `stop` again when the run ends (globalTeardown.ts); scripts/test.sh
 * runs `stop` on exit too.
 *
 * The objects are named from the catalog the seed wrote with
 * `--cluster-prefix e2e-` (e2e-<service>-staging, ...), so a run never
 * touches a demo's objects on the same cluster. Flux fetches every 10 s, so
 * a merged pull request reaches production soon, and applies again only
 * when Git changes or Slipway asks (every hour otherwise), so drift made by
 * a test stays until the test heals it.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = path.join(root, '.demo-e2e');
const stateDir = path.join(demoDir, 'gitops');
const files = {
  pid: path.join(stateDir, 'pids', 'git-http.pid'),
  log: path.join(stateDir, 'logs', 'git-http.log'),
  port: path.join(stateDir, 'git-http.port'),
  objects: path.join(stateDir, 'objects.yaml'),
  kubeconfig: path.join(stateDir, 'kubeconfig-path'),
  runId: path.join(stateDir, 'run-id'),
  appConfig: path.join(demoDir, 'app-config.pull-model.yaml'),
};

function log(message) {
  console.error(`slipway e2e pull model: ${message}`);
}

/** The env file scripts/gitops-controllers.sh wrote, as an object. */
function readGitopsEnv(file = process.env.SLIPWAY_GITOPS_ENV) {
  if (!file) {
    throw new Error('SLIPWAY_GITOPS_ENV is not set');
  }
  const env = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  if (!env.KUBECONFIG) {
    throw new Error(`${file} names no KUBECONFIG`);
  }
  return env;
}

function kubectl(kubeconfig, args, input) {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString();
}

/**
 * The portal's clusters must be the API server the controllers watch, or
 * the tab would read Applications and Kustomizations nobody acts on.
 */
function checkSameCluster(kubeconfig) {
  const clusterConfig = process.env.SLIPWAY_E2E_CLUSTER_CONFIG;
  if (!clusterConfig) {
    throw new Error(
      'SLIPWAY_E2E_CLUSTER_CONFIG is not set: the pull model needs the portal on the real control plane (scripts/kube.sh app-config)',
    );
  }
  const server = kubectl(kubeconfig, [
    'config',
    'view',
    '--minify',
    '-o',
    'jsonpath={.clusters[0].cluster.server}',
  ]).trim();
  const config = parse(fs.readFileSync(clusterConfig, 'utf8'));
  const clusters = (config?.kubernetes?.clusterLocatorMethods ?? []).flatMap(
    method => method.clusters ?? [],
  );
  for (const name of ['dev-cluster', 'prod-cluster']) {
    const cluster = clusters.find(c => c.name === name);
    if (cluster?.url?.replace(/\/$/, '') !== server.replace(/\/$/, '')) {
      throw new Error(
        `${name} in SLIPWAY_E2E_CLUSTER_CONFIG is ${
          cluster?.url ?? 'missing'
        }, not the API server the controllers watch (${server})`,
      );
    }
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the process is the Git server started in stateDir (not a reused pid). */
function ours(pid) {
  if (!alive(pid)) return false;
  try {
    const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    if (cwd === stateDir || cwd.startsWith(`${stateDir}/`)) return true;
  } catch {
    // Not readable: fall through to the environment.
  }
  try {
    return fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .includes(`SLIPWAY_GITOPS_DIR=${stateDir}`);
  } catch {
    return false;
  }
}

async function sleep(ms) {
  await new Promise(resolve => setTimeout(resolve, ms));
}

async function startGitServer() {
  fs.mkdirSync(path.dirname(files.pid), { recursive: true });
  fs.mkdirSync(path.dirname(files.log), { recursive: true });
  fs.rmSync(files.port, { force: true });
  const out = fs.openSync(files.log, 'a');
  // Its own session, so it outlives the shell Playwright starts and kills;
  // `stop` ends it by its pid file.
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'scripts', 'gitops-controllers', 'git-http.mjs'),
      path.join(demoDir, 'repos'),
      files.port,
    ],
    {
      cwd: stateDir,
      env: { ...process.env, SLIPWAY_GITOPS_DIR: stateDir },
      detached: true,
      stdio: ['ignore', out, out],
    },
  );
  fs.writeFileSync(files.pid, `${child.pid}\n`);
  child.unref();
  fs.closeSync(out);
  for (let i = 0; i < 60; i++) {
    if (fs.existsSync(files.port) && fs.readFileSync(files.port, 'utf8')) {
      return `http://127.0.0.1:${fs.readFileSync(files.port, 'utf8').trim()}`;
    }
    if (!alive(child.pid)) break;
    await sleep(500);
  }
  throw new Error(
    `the Git server did not start: ${fs
      .readFileSync(files.log, 'utf8')
      .slice(-1000)}`,
  );
}

/**
 * The objects with Argo CD's resources finalizer on each Application, so
 * that deleting it deletes what it applied, as deleting a Kustomization that
 * prunes does: `stop` leaves no staging or production objects behind.
 */
function withCascadingDelete(yamlText) {
  return parseAllDocuments(yamlText)
    .map(doc => doc.toJS())
    .map(object =>
      object.kind === 'Application'
        ? {
            ...object,
            metadata: {
              ...object.metadata,
              finalizers: ['resources-finalizer.argocd.argoproj.io'],
            },
          }
        : object,
    )
    .map(object => stringify(object))
    .join('---\n');
}

async function start() {
  const { KUBECONFIG: kubeconfig } = readGitopsEnv();
  checkSameCluster(kubeconfig);
  if (!fs.existsSync(path.join(demoDir, 'catalog', 'demo-services.yaml'))) {
    throw new Error(
      'no .demo-e2e/catalog/demo-services.yaml: run node scripts/seed-demo.mjs --reset --dir .demo-e2e --cluster-prefix e2e- first',
    );
  }
  if (fs.existsSync(files.pid)) {
    throw new Error(`${files.pid} exists: run stop first`);
  }
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(files.kubeconfig, kubeconfig);
  fs.writeFileSync(files.runId, process.env.SLIPWAY_E2E_RUN_ID ?? '');
  const started = Date.now();
  const gitUrl = await startGitServer();
  const objects = execFileSync(
    process.execPath,
    [
      path.join(root, 'scripts', 'demo-pull-model.mjs'),
      '--dir',
      demoDir,
      '--fetch-interval',
      '10s',
      '--apply-interval',
      '1h',
      gitUrl,
      files.appConfig,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  ).toString();
  fs.writeFileSync(files.objects, withCascadingDelete(objects));
  kubectl(kubeconfig, ['apply', '-f', files.objects]);
  log(
    `staging on Argo CD, production on Flux, repositories at ${gitUrl} (${
      Date.now() - started
    } ms)`,
  );
}

async function stop(runId) {
  if (runId !== undefined) {
    const started = fs.existsSync(files.runId)
      ? fs.readFileSync(files.runId, 'utf8')
      : undefined;
    if (!runId || started !== runId) return;
  }
  if (fs.existsSync(files.objects) && fs.existsSync(files.kubeconfig)) {
    const kubeconfig = fs.readFileSync(files.kubeconfig, 'utf8').trim();
    try {
      // Flux prunes what its Kustomizations applied, Argo CD (by the
      // finalizer) what its Applications did, once the objects are gone.
      kubectl(kubeconfig, [
        'delete',
        '-f',
        files.objects,
        '--ignore-not-found',
        '--wait=false',
      ]);
    } catch (error) {
      log(
        `could not delete the Applications and Kustomizations: ${
          error.stderr?.toString() ?? error
        }`,
      );
    }
    fs.rmSync(files.objects, { force: true });
  }
  if (fs.existsSync(files.pid)) {
    const pid = Number(fs.readFileSync(files.pid, 'utf8').trim());
    if (pid > 0 && ours(pid)) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(files.pid, { force: true });
  }
}

const command = process.argv[2];
if (command === 'start') {
  try {
    await start();
  } catch (error) {
    log(`could not start: ${error.stderr?.toString() ?? error.message}`);
    await stop();
    process.exit(1);
  }
} else if (command === 'stop') {
  const flag = process.argv.indexOf('--run');
  await stop(flag >= 0 ? process.argv[flag + 1] ?? '' : undefined);
} else {
  console.error(
    'usage: node e2e-tests/pullModelEnvironment.mjs start | stop [--run <id>]',
  );
  process.exit(2);
}
