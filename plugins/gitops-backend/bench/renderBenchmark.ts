/*
 * Prints render times for the demo overlays and for 1,000 generated
 * applications x 3 overlays: starting kustomize, cold renders, cached
 * renders of the same revision, and a new commit that touches one
 * application; next to them `kubectl kustomize` run as a process on the
 * same trees (BENCH_KUBECTL_APPS of the applications, default 100; 0 or no
 * kubectl skips those rows). Then Helm: loading helm.wasm, a chart folder
 * and the chart-wrapper overlays of the Helm conformance test, cold; with
 * SLIPWAY_HELM naming a helm binary, `helm template` and `kubectl kustomize
 * --enable-helm` as processes beside them.
 *
 *   cd plugins/gitops-backend && yarn bench:render
 */
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { performance } from 'perf_hooks';
import { promisify } from 'util';
import {
  createRendererChain,
  InMemorySnapshot,
  RenderCache,
} from '../src/render';
import { instantiateDemoConfigRepo } from '../src/demo/demoConfigRepo';
import { KustomizeProcess } from '../src/render/KustomizeProcess';
import { HelmWasm } from '../src/render/HelmWasm';
import { helmTrees } from '../src/render/__testUtils__/helmTrees';
import { row } from './benchStats';

const apps = Number(process.env.BENCH_APPS ?? 1000);
const kubectlApps = Math.min(
  apps,
  Number(process.env.BENCH_KUBECTL_APPS ?? 100),
);
const envs = ['dev', 'staging', 'production'];
const run = promisify(execFile);

async function writeTree(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await fs.mkdir(dirname(join(root, path)), { recursive: true });
    await fs.writeFile(join(root, path), content);
  }
}

/** Times `kubectl kustomize` on each folder, one process after another. */
async function kubectlSamples(folders: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const folder of folders) {
    const start = performance.now();
    await run('kubectl', ['kustomize', folder], {
      maxBuffer: 64 * 1024 * 1024,
    });
    samples.push(performance.now() - start);
  }
  return samples;
}

async function hasKubectl(): Promise<boolean> {
  try {
    await run('kubectl', ['version', '--client']);
    return true;
  } catch {
    return false;
  }
}

function appFiles(i: number, tag: string): Record<string, string> {
  const name = `app-${i}`;
  const p = `apps/${name}`;
  return {
    [`${p}/base/kustomization.yaml`]: `resources:\n- deployment.yaml\n- service.yaml\n- configmap.yaml\n- serviceaccount.yaml\n- pdb.yaml\ncommonLabels:\n  app: ${name}\n`,
    [`${p}/base/deployment.yaml`]: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  template:\n    spec:\n      serviceAccountName: ${name}\n      containers:\n      - name: ${name}\n        image: ghcr.io/acme/${name}:1.0.0\n        envFrom:\n        - configMapRef:\n            name: ${name}-settings\n        ports:\n        - containerPort: 8080\n        resources:\n          limits:\n            memory: 128Mi\n`,
    [`${p}/base/service.yaml`]: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n`,
    [`${p}/base/configmap.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-settings\ndata:\n  LOG_LEVEL: info\n`,
    [`${p}/base/serviceaccount.yaml`]: `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`,
    [`${p}/base/pdb.yaml`]: `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n  minAvailable: 1\n`,
    ...Object.fromEntries(
      envs.map(env => [
        `${p}/envs/${env}/kustomization.yaml`,
        `resources:\n- ../../base\nnamespace: ${name}-${env}\nimages:\n- name: ghcr.io/acme/${name}\n  newTag: "${tag}"\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: ${name}\n    spec:\n      replicas: ${
          envs.indexOf(env) + 1
        }\n      template:\n        spec:\n          containers:\n          - name: ${name}\n            resources:\n              limits:\n                memory: 256Mi\n`,
      ]),
    ),
  };
}

async function main() {
  const table: object[] = [];
  const withKubectl = kubectlApps > 0 && (await hasKubectl());
  const scratch = await fs.mkdtemp(join(tmpdir(), 'slipway-bench-render-'));

  // The kustomize helper process: started once per backend (before the
  // renderer chain, whose kustomize renderer starts it in the background).
  const loadStart = performance.now();
  await KustomizeProcess.shared();
  table.push(
    row('start the kustomize process (once per backend)', [
      performance.now() - loadStart,
    ]),
  );
  const chain = createRendererChain();
  const firstStart = performance.now();
  await chain.render({
    snapshot: new InMemorySnapshot({
      revision: 'first',
      files: appFiles(0, '1.0.0'),
    }),
    path: 'apps/app-0/envs/dev',
  });
  table.push(
    row('first render (kustomize reads its OpenAPI schema)', [
      performance.now() - firstStart,
    ]),
  );

  // Demo overlays, rendered cold (a new snapshot each time, so nothing is reused).
  const demo = join(__dirname, '..', '..', '..', 'examples', 'demo');
  const services = JSON.parse(
    await fs.readFile(join(demo, 'services.json'), 'utf8'),
  );
  const demoSamples: number[] = [];
  const demoFolders: string[] = [];
  for (const service of services.services) {
    const files = await instantiateDemoConfigRepo(
      join(demo, 'config-repo-template'),
      { ...service, version: services.initialVersion[service.name] },
    );
    const root = join(scratch, 'demo', service.name);
    await writeTree(root, files);
    const prefix = service.configPath === '.' ? '' : `${service.configPath}/`;
    demoFolders.push(...envs.map(env => join(root, `${prefix}envs/${env}`)));
  }
  for (let round = 0; round < 20; round++) {
    for (const service of services.services) {
      const files = await instantiateDemoConfigRepo(
        join(demo, 'config-repo-template'),
        {
          ...service,
          version: services.initialVersion[service.name],
        },
      );
      const prefix = service.configPath === '.' ? '' : `${service.configPath}/`;
      for (const env of envs) {
        const snapshot = new InMemorySnapshot({
          revision: `demo-${round}`,
          files,
        });
        const start = performance.now();
        await chain.render({ snapshot, path: `${prefix}envs/${env}` });
        demoSamples.push(performance.now() - start);
      }
    }
  }
  table.push(row('demo overlays, cold (ms/overlay)', demoSamples));
  if (withKubectl) {
    const samples: number[] = [];
    for (let round = 0; round < 5; round++) {
      samples.push(...(await kubectlSamples(demoFolders)));
    }
    table.push(
      row('demo overlays, kubectl kustomize process (ms/overlay)', samples),
    );
  }

  // 1,000 applications x 3 overlays in one repository.
  const files: Record<string, string> = {};
  for (let i = 0; i < apps; i++) {
    Object.assign(files, appFiles(i, '1.1.0'));
  }
  const c1 = new InMemorySnapshot({ revision: 'c1', files });
  const cache = new RenderCache({ renderer: chain });

  const cold: number[] = [];
  const coldStart = performance.now();
  for (let i = 0; i < apps; i++) {
    for (const env of envs) {
      const start = performance.now();
      await cache.render('acme/config', {
        snapshot: c1,
        path: `apps/app-${i}/envs/${env}`,
      });
      cold.push(performance.now() - start);
    }
  }
  const coldTotal = performance.now() - coldStart;
  table.push(row(`${apps} apps x 3 overlays, cold (ms/overlay)`, cold));
  if (withKubectl) {
    const root = join(scratch, 'apps');
    const folders: string[] = [];
    for (let i = 0; i < kubectlApps; i++) {
      await writeTree(root, appFiles(i, '1.1.0'));
      folders.push(...envs.map(env => join(root, `apps/app-${i}/envs/${env}`)));
    }
    table.push(
      row(
        `${kubectlApps} apps x 3 overlays, kubectl kustomize process (ms/overlay)`,
        await kubectlSamples(folders),
      ),
    );
  }

  const cachedPerOverlay: number[] = [];
  for (let i = 0; i < apps; i++) {
    for (const env of envs) {
      const start = performance.now();
      await cache.render('acme/config', {
        snapshot: c1,
        path: `apps/app-${i}/envs/${env}`,
      });
      cachedPerOverlay.push(performance.now() - start);
    }
  }
  table.push(row('same revision, cached (ms/overlay)', cachedPerOverlay));

  const cachedPerApp: number[] = [];
  for (let i = 0; i < apps; i++) {
    const start = performance.now();
    for (const env of envs) {
      await cache.render('acme/config', {
        snapshot: c1,
        path: `apps/app-${i}/envs/${env}`,
      });
    }
    cachedPerApp.push(performance.now() - start);
  }
  table.push(row('same revision, cached (ms/app, 3 overlays)', cachedPerApp));

  // A new commit that changes one application's dev overlay.
  const c2 = new InMemorySnapshot({
    revision: 'c2',
    files: {
      ...files,
      ...{
        [`apps/app-0/envs/dev/kustomization.yaml`]: appFiles(0, '1.2.0')[
          'apps/app-0/envs/dev/kustomization.yaml'
        ],
      },
    },
  });
  const nextCommit: number[] = [];
  let rerendered = 0;
  for (let i = 0; i < apps; i++) {
    const start = performance.now();
    for (const env of envs) {
      const result = await cache.render('acme/config', {
        snapshot: c2,
        path: `apps/app-${i}/envs/${env}`,
      });
      if (result.source === 'rendered') {
        rerendered += 1;
      }
    }
    nextCommit.push(performance.now() - start);
  }
  table.push(
    row(
      `new commit touching 1 app (ms/app; re-rendered ${rerendered} overlays)`,
      nextCommit,
    ),
  );

  await helmRows(table, chain, scratch);

  await fs.rm(scratch, { recursive: true, force: true });
  console.table(table);
  console.log(
    'targets: cold render in process <= 50 ms median; cached <= 1 ms',
  );
  console.log(
    `cold total: ${(coldTotal / 1000).toFixed(2)} s for ${
      apps * 3
    } overlays; ` +
      `cached total: ${cachedPerApp
        .reduce((a, b) => a + b, 0)
        .toFixed(1)} ms for ${apps} apps`,
  );
}

/** helm.wasm: loading it, then charts and helmCharts overlays, cold. */
async function helmRows(
  table: object[],
  chain: ReturnType<typeof createRendererChain>,
  scratch: string,
) {
  const tree = helmTrees()[0];
  const chart = tree.charts[0];
  const loadStart = performance.now();
  await HelmWasm.shared();
  table.push(
    row('load helm.wasm (once per process)', [performance.now() - loadStart]),
  );
  const snapshot = (round: number) =>
    new InMemorySnapshot({ revision: `helm-${round}`, files: tree.files });
  const firstStart = performance.now();
  await chain.render({ snapshot: snapshot(-1), path: chart });
  table.push(row('first chart render', [performance.now() - firstStart]));
  const charts: number[] = [];
  const overlays: number[] = [];
  for (let round = 0; round < 20; round++) {
    let start = performance.now();
    await chain.render({ snapshot: snapshot(round), path: chart });
    charts.push(performance.now() - start);
    for (const overlay of tree.overlays) {
      start = performance.now();
      await chain.render({ snapshot: snapshot(round), path: overlay });
      overlays.push(performance.now() - start);
    }
  }
  table.push(row('chart folder, cold (ms/chart)', charts));
  table.push(row('helmCharts overlays, cold (ms/overlay)', overlays));
  const helm = process.env.SLIPWAY_HELM;
  if (!helm) {
    return;
  }
  const root = join(scratch, 'helm');
  await writeTree(root, tree.files);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: root,
    KUBECONFIG: join(root, 'no-kubeconfig'),
  };
  const helmSamples: number[] = [];
  const kustomizeSamples: number[] = [];
  for (let round = 0; round < 5; round++) {
    let start = performance.now();
    await run(helm, ['template', 'web', join(root, chart)], { env });
    helmSamples.push(performance.now() - start);
    for (const overlay of tree.overlays) {
      start = performance.now();
      await run(
        'kubectl',
        [
          'kustomize',
          '--enable-helm',
          '--helm-command',
          helm,
          join(root, overlay),
        ],
        { env, maxBuffer: 64 * 1024 * 1024 },
      );
      kustomizeSamples.push(performance.now() - start);
    }
  }
  table.push(
    row('chart folder, helm template process (ms/chart)', helmSamples),
  );
  table.push(
    row(
      'helmCharts overlays, kubectl kustomize --enable-helm process (ms/overlay)',
      kustomizeSamples,
    ),
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
