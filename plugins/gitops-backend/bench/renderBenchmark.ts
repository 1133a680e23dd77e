/*
 * Prints render times for the demo overlays and for 1,000 generated
 * applications x 3 overlays: cold renders, cached renders of the same
 * revision, and a new commit that touches one application.
 *
 *   cd plugins/gitops-backend && yarn tsx bench/renderBenchmark.ts
 */
import { promises as fs } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import {
  createRendererChain,
  InMemorySnapshot,
  RenderCache,
} from '../src/render';
import { instantiateDemoConfigRepo } from '../src/render/demoConfigRepo';
import { row } from './benchStats';

const apps = Number(process.env.BENCH_APPS ?? 1000);
const envs = ['dev', 'staging', 'production'];

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
  const chain = createRendererChain();

  // Demo overlays, rendered cold (a new snapshot each time, so nothing is reused).
  const demo = join(__dirname, '..', '..', '..', 'examples', 'demo');
  const services = JSON.parse(
    await fs.readFile(join(demo, 'services.json'), 'utf8'),
  );
  const demoSamples: number[] = [];
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

  console.table(table);
  console.log(
    `cold total: ${(coldTotal / 1000).toFixed(2)} s for ${
      apps * 3
    } overlays; ` +
      `cached total: ${cachedPerApp
        .reduce((a, b) => a + b, 0)
        .toFixed(1)} ms for ${apps} apps`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
