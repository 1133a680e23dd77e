import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { promisify } from 'util';
import { generateConfigRepoFiles } from '@slipway/plugin-scaffolder-backend-module-gitops';
import {
  generateKustomizeTrees,
  KustomizeTree,
} from './__testUtils__/generateKustomizeTrees';
import { instantiateDemoConfigRepo } from '../demo/demoConfigRepo';
import { InMemorySnapshot } from './InMemorySnapshot';
import { KustomizeRenderer } from './KustomizeRenderer';
import { parseYamlDocuments } from './parseManifests';

// Every overlay of the demo's and the scaffolder's config repos and of every
// generated tree must render byte for byte as
// `kubectl kustomize` (kustomize v5.5.0 in kubectl 1.32, the api version
// kustomize/go.mod pins) prints it, or fail where it fails.
// SLIPWAY_CONFORMANCE_TREES sets how many trees (default 40, 3 overlays each).

const run = promisify(execFile);
const kubectl = process.env.SLIPWAY_KUBECTL ?? 'kubectl';
const treeCount = Number(process.env.SLIPWAY_CONFORMANCE_TREES ?? 40);

type Outcome = { yaml: string } | { error: string };

async function oracle(dir: string): Promise<Outcome> {
  try {
    const { stdout } = await run(kubectl, ['kustomize', dir], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { yaml: stdout };
  } catch (error) {
    return { error: String((error as { stderr?: string }).stderr ?? error) };
  }
}

async function kubectlAvailable(): Promise<boolean> {
  try {
    await run(kubectl, ['version', '--client']);
    return true;
  } catch {
    return false;
  }
}

const envs = ['dev', 'staging', 'production'];

/** The demo's config repos and those the scaffolder module generates. */
async function shippedTrees(): Promise<KustomizeTree[]> {
  const demo = join(__dirname, '..', '..', '..', '..', 'examples', 'demo');
  const services = JSON.parse(
    await fs.readFile(join(demo, 'services.json'), 'utf8'),
  );
  const trees: KustomizeTree[] = [];
  for (const service of services.services) {
    const prefix = service.configPath === '.' ? '' : `${service.configPath}/`;
    trees.push({
      name: `demo-${service.name}`,
      files: await instantiateDemoConfigRepo(
        join(demo, 'config-repo-template'),
        { ...service, version: services.initialVersion[service.name] },
      ),
      overlays: envs.map(env => `${prefix}envs/${env}`),
    });
  }
  for (const ingressHost of [undefined, 'payments.example.com']) {
    trees.push({
      name: `scaffolder-${ingressHost ? 'ingress' : 'plain'}`,
      files: generateConfigRepoFiles({
        name: 'payments',
        configPath: '.',
        image: 'ghcr.io/acme/payments',
        tag: '0.1.0',
        port: 8080,
        ingressHost,
        codeOwners: '@acme/platform',
        environments: envs.map(name => ({
          name,
          overlayPath: `envs/${name}`,
          protected: name === 'production',
          pinned: name !== 'production',
        })),
      }),
      overlays: envs.map(env => `envs/${env}`),
    });
  }
  return trees;
}

/**
 * A kustomization with its own OpenAPI schema (merge keys for a custom
 * kind) next to one without: kustomize holds the schema in a global, which
 * must not leak from one render into another.
 */
function customSchemaTree(): KustomizeTree {
  const containers = (image: string) => ({
    containers: [
      { name: 'a', image: 'a:1' },
      { name: 'b', image },
    ],
  });
  const patch = (apiVersion: string, kind: string, spec: object) =>
    JSON.stringify({ apiVersion, kind, metadata: { name: 'demo' }, spec });
  const imageB2 = { containers: [{ name: 'b', image: 'b:2' }] };
  const schema = {
    definitions: {
      'com.example.v1.MyApp': {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          spec: {
            type: 'object',
            properties: {
              containers: {
                type: 'array',
                'x-kubernetes-patch-merge-key': 'name',
                'x-kubernetes-patch-strategy': 'merge',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    image: { type: 'string' },
                  },
                },
              },
            },
          },
        },
        'x-kubernetes-group-version-kind': [
          { group: 'example.com', kind: 'MyApp', version: 'v1' },
        ],
      },
    },
  };
  return {
    name: 'custom-openapi-schema',
    files: {
      'custom/kustomization.yaml': `resources:\n- app.yaml\nopenapi:\n  path: schema.json\npatches:\n- patch: '${patch(
        'example.com/v1',
        'MyApp',
        imageB2,
      )}'\n`,
      'custom/app.yaml': JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'MyApp',
        metadata: { name: 'demo' },
        spec: containers('b:1'),
      }),
      'custom/schema.json': JSON.stringify(schema),
      'default/kustomization.yaml': `resources:\n- deployment.yaml\npatches:\n- patch: '${patch(
        'apps/v1',
        'Deployment',
        { template: { spec: imageB2 } },
      )}'\n`,
      'default/deployment.yaml': JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'demo' },
        spec: { template: { spec: containers('b:1') } },
      }),
    },
    overlays: ['custom', 'default'],
  };
}

async function inBatches<T>(
  items: T[],
  size: number,
  work: (item: T) => Promise<void>,
) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(work));
  }
}

describe('KustomizeRenderer conformance with kubectl kustomize', () => {
  jest.setTimeout(20 * 60_000);

  const parsed = (yaml: string) =>
    parseYamlDocuments(yaml, 'kubectl').map(document => document.value);

  it('renders every generated overlay as kubectl kustomize does', async () => {
    // kustomize's own output is the oracle; without it the test proves
    // nothing, so it fails rather than passing quietly.
    if (!(await kubectlAvailable())) {
      throw new Error(
        `${kubectl} is needed for the conformance test (kubectl kustomize is the oracle; set SLIPWAY_KUBECTL to its path)`,
      );
    }
    const trees = [
      customSchemaTree(),
      ...(await shippedTrees()),
      ...generateKustomizeTrees(treeCount),
    ];
    const root = await fs.mkdtemp(join(tmpdir(), 'slipway-conformance-'));
    const renderer = new KustomizeRenderer();
    const mismatches: string[] = [];
    let equal = 0;
    let bothFailed = 0;
    const failures: string[] = [];
    try {
      await inBatches(trees, 2, async tree => {
        const dir = join(root, tree.name);
        for (const [path, content] of Object.entries(tree.files)) {
          await fs.mkdir(dirname(join(dir, path)), { recursive: true });
          await fs.writeFile(join(dir, path), content);
        }
        const snapshot = new InMemorySnapshot({
          revision: tree.name,
          files: tree.files,
        });
        for (const overlay of tree.overlays) {
          const expected = await oracle(join(dir, overlay));
          let actual: Outcome;
          try {
            actual = {
              yaml: await renderer.renderYaml({ snapshot, path: overlay }),
            };
          } catch (error) {
            actual = { error: String(error) };
          }
          // The engine asks for objects, which kustomize sends as JSON:
          // they must be kubectl's output, parsed.
          const objects = await renderer
            .render({ snapshot, path: overlay })
            .then(JSON.stringify, error => `error: ${error}`);
          if ('yaml' in expected && 'yaml' in actual) {
            if (expected.yaml !== actual.yaml) {
              mismatches.push(`${tree.name}/${overlay}: output differs`);
            } else if (objects !== JSON.stringify(parsed(expected.yaml))) {
              mismatches.push(`${tree.name}/${overlay}: objects differ`);
            } else {
              equal += 1;
            }
          } else if ('error' in expected && 'error' in actual) {
            if (!objects.startsWith('error: ')) {
              mismatches.push(`${tree.name}/${overlay}: objects rendered`);
            }
            bothFailed += 1;
            failures.push(`${tree.name}/${overlay}: ${expected.error.trim()}`);
          } else {
            mismatches.push(
              `${tree.name}/${overlay}: kubectl ${
                'error' in expected
                  ? `failed (${expected.error.trim()})`
                  : 'rendered'
              }, Slipway ${
                'error' in actual ? `failed (${actual.error})` : 'rendered'
              }`,
            );
          }
        }
      });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
    const total = trees.reduce((sum, tree) => sum + tree.overlays.length, 0);
    console.log(
      `conformance: ${
        equal + bothFailed
      }/${total} overlays agree with kubectl kustomize ` +
        `(${equal} identical outputs, ${bothFailed} failing in both)`,
      ...failures.map(failure => `\n  failing in both: ${failure}`),
    );
    expect(mismatches).toEqual([]);
    // The generator is meant to produce valid trees; a tree kustomize
    // refuses tests little.
    expect(bothFailed).toBeLessThan(total / 10);
  });
});
