import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { promisify } from 'util';
import { HelmRenderer, releaseName } from './HelmRenderer';
import { helmTrees } from './__testUtils__/helmTrees';
import { InMemorySnapshot } from './InMemorySnapshot';
import { KustomizeRenderer } from './KustomizeRenderer';
import { RenderReader } from './RenderReader';
import { defaultRenderLimits } from './renderLimits';

// Every chart folder must render byte for byte as `helm template` prints it,
// and every kustomization with helmCharts as `kubectl kustomize --enable-helm`
// (kustomize v5.5.0 in kubectl 1.32, running that helm) prints it — or fail
// where they fail, with Helm's own words. The helm binary is Helm's command
// line at the version kustomize/helm/go.mod pins, built by
// kustomize/helm-cli.sh from the Go module proxy (SLIPWAY_HELM names another).

const run = promisify(execFile);
const kubectl = process.env.SLIPWAY_KUBECTL ?? 'kubectl';
const helmCli = join(__dirname, '..', '..', 'kustomize', 'helm-cli.sh');

type Outcome = { yaml: string } | { error: string };

/** Helm's command line, built on first use (minutes) and cached. */
async function helmBinary(): Promise<string> {
  if (process.env.SLIPWAY_HELM) {
    return process.env.SLIPWAY_HELM;
  }
  try {
    const { stdout } = await run('bash', [helmCli], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    return stdout.trim();
  } catch (error) {
    // The real tool is the oracle; without it the test proves nothing, so
    // it fails rather than passing quietly.
    throw new Error(
      `helm could not be built for the Helm conformance test (kustomize/helm-cli.sh; set SLIPWAY_HELM to a helm of the pinned version): ${
        (error as { stderr?: string }).stderr ?? error
      }`,
    );
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

async function oracle(
  command: string,
  args: string[],
  home: string,
): Promise<Outcome> {
  try {
    const { stdout } = await run(command, args, {
      maxBuffer: 64 * 1024 * 1024,
      // No kubeconfig context (its namespace would be Helm's default) and
      // no user configuration.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        KUBECONFIG: join(home, 'no-kubeconfig'),
        HELM_CONFIG_HOME: join(home, 'helm-config'),
        HELM_CACHE_HOME: join(home, 'helm-cache'),
        HELM_DATA_HOME: join(home, 'helm-data'),
      },
    });
    return { yaml: stdout };
  } catch (error) {
    return { error: String((error as { stderr?: string }).stderr ?? error) };
  }
}

/** Helm's message in `helm template`'s error output, paths made relative. */
function helmMessage(stderr: string, dir: string): string {
  return stderr
    .replace(/^Error: /, '')
    .replace(/\n\nUse --debug flag to render out invalid YAML\n?$/, '')
    .trim()
    .split(`${dir}/`)
    .join('');
}

describe('Helm rendering conformance with helm template and kubectl kustomize --enable-helm', () => {
  jest.setTimeout(30 * 60_000);

  it('renders every chart and helmCharts overlay as the real tools do', async () => {
    if (!(await kubectlAvailable())) {
      throw new Error(
        `${kubectl} is needed for the Helm conformance test (kubectl kustomize --enable-helm is the oracle; set SLIPWAY_KUBECTL to its path)`,
      );
    }
    const helm = await helmBinary();
    const root = await fs.mkdtemp(join(tmpdir(), 'slipway-helm-conformance-'));
    const home = join(root, 'home');
    await fs.mkdir(home);
    const mismatches: string[] = [];
    const failures: string[] = [];
    let equal = 0;
    let bothFailed = 0;
    let total = 0;
    const charts = new HelmRenderer();
    const kustomize = new KustomizeRenderer();
    const compare = (
      where: string,
      expected: Outcome,
      actual: Outcome,
      failing: boolean,
    ) => {
      total += 1;
      if (failing !== 'error' in expected) {
        mismatches.push(
          `${where}: the tree is meant to ${failing ? 'fail' : 'render'}`,
        );
      }
      if ('yaml' in expected && 'yaml' in actual) {
        if (expected.yaml === actual.yaml) {
          equal += 1;
        } else {
          mismatches.push(
            `${where}: output differs\n--- real tool\n${expected.yaml}\n--- Slipway\n${actual.yaml}`,
          );
        }
      } else if ('error' in expected && 'error' in actual) {
        bothFailed += 1;
        failures.push(`${where}: ${actual.error}`);
      } else {
        mismatches.push(
          `${where}: the real tool ${
            'error' in expected
              ? `failed (${expected.error.trim()})`
              : 'rendered'
          }, Slipway ${
            'error' in actual ? `failed (${actual.error})` : 'rendered'
          }`,
        );
      }
    };
    try {
      for (const tree of helmTrees()) {
        const dir = join(root, tree.name);
        for (const [path, content] of Object.entries(tree.files)) {
          await fs.mkdir(dirname(join(dir, path)), { recursive: true });
          await fs.writeFile(join(dir, path), content);
        }
        const snapshot = new InMemorySnapshot({
          revision: tree.name,
          files: tree.files,
        });
        for (const chart of tree.charts) {
          const release = await releaseName(
            new RenderReader(snapshot, defaultRenderLimits),
            chart,
          );
          const expected = await oracle(
            helm,
            ['template', release, join(dir, chart), '--namespace', 'default'],
            home,
          );
          let actual: Outcome;
          try {
            actual = {
              yaml: await charts.renderYaml({ snapshot, path: chart }),
            };
          } catch (error) {
            actual = { error: (error as Error).message };
            // In Helm's words: the message is the one helm prints.
            if ('error' in expected) {
              const message = helmMessage(expected.error, dir);
              if (!actual.error.includes(message)) {
                mismatches.push(
                  `${tree.name}/${chart}: Slipway says "${actual.error}", helm "${message}"`,
                );
              }
            }
          }
          compare(
            `${tree.name}/${chart} (helm template)`,
            expected,
            actual,
            !!tree.failing,
          );
        }
        for (const overlay of tree.overlays) {
          const expected = await oracle(
            kubectl,
            [
              'kustomize',
              '--enable-helm',
              '--helm-command',
              helm,
              join(dir, overlay),
            ],
            home,
          );
          let actual: Outcome;
          try {
            actual = {
              yaml: await kustomize.renderYaml({ snapshot, path: overlay }),
            };
          } catch (error) {
            actual = { error: (error as Error).message };
          }
          compare(
            `${tree.name}/${overlay} (kustomize)`,
            expected,
            actual,
            !!tree.failing,
          );
        }
      }
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
    console.log(
      `Helm conformance: ${
        equal + bothFailed
      }/${total} renders agree with helm template and kubectl kustomize --enable-helm ` +
        `(${equal} identical outputs, ${bothFailed} failing in both)`,
      ...failures.map(failure => `\n  failing in both: ${failure}`),
    );
    expect(mismatches).toEqual([]);
    expect(equal).toBeGreaterThan(0);
  });
});
