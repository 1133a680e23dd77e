import { RenderError } from '@slipway/plugin-gitops-node';
import { InMemorySnapshot } from './InMemorySnapshot';
import { KustomizeRenderer } from './KustomizeRenderer';
import { RenderLimits } from './renderLimits';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx
`;

async function renderError(
  files: Record<string, string>,
  path: string,
  options: {
    symlinks?: Record<string, string>;
    limits?: Partial<RenderLimits>;
  } = {},
): Promise<RenderError> {
  const snapshot = new InMemorySnapshot({
    revision: 'r',
    files,
    symlinks: options.symlinks,
  });
  try {
    await new KustomizeRenderer({ limits: options.limits }).render({
      snapshot,
      path,
    });
  } catch (error) {
    expect(error).toBeInstanceOf(RenderError);
    return error as RenderError;
  }
  throw new Error('render succeeded');
}

// The first render in a process starts kustomize, which parses its OpenAPI schema:
// seconds on a busy machine.
jest.setTimeout(60_000);

describe('KustomizeRenderer errors', () => {
  // kustomize's own messages, with the file (and line, where kustomize gives
  // one) they concern.
  it('names the kustomization that lists a missing resource', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml':
          'resources:\n- deployment.yaml\n- missing.yaml\n',
        'app/deployment.yaml': deployment,
      },
      'app',
    );
    expect(error.file).toBe('app/kustomization.yaml');
    expect(error.message).toMatch(
      /^app\/kustomization\.yaml: accumulating resources: .*'app\/missing\.yaml' doesn't exist/,
    );
  });

  it('reports a folder without kustomization', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml': 'resources:\n- ../plain\n',
        'plain/deployment.yaml': deployment,
      },
      'app',
    );
    expect(error.file).toBe('plain');
    expect(error.message).toMatch(
      /unable to find one of 'kustomization\.yaml', 'kustomization\.yml' or 'Kustomization' in directory 'plain'$/,
    );
  });

  it('detects a cycle of kustomizations', async () => {
    const error = await renderError(
      {
        'a/kustomization.yaml': 'resources:\n- ../b\n',
        'b/kustomization.yaml': 'resources:\n- ../c\n',
        'c/kustomization.yaml': 'resources:\n- ../a\n',
      },
      'a',
    );
    expect(error.file).toBe('c/kustomization.yaml');
    expect(error.message).toMatch(
      /cycle detected: candidate root 'a' contains visited root 'a'$/,
    );
  });

  it('refuses paths that escape the repository', async () => {
    const error = await renderError(
      { 'envs/dev/kustomization.yaml': 'resources:\n- ../../../outside\n' },
      'envs/dev',
    );
    expect(error.message).toMatch(
      /^envs\/dev\/kustomization\.yaml: a path leads outside the repository: accumulating resources: .*'\.\.\/\.\.\/\.\.\/outside'/,
    );
    const absolute = await renderError(
      { 'app/kustomization.yaml': 'resources:\n- /etc/passwd\n' },
      'app',
    );
    expect(absolute.message).toMatch(
      /^app\/kustomization\.yaml: a path leads outside the repository: .*'\/etc\/passwd'/,
    );
  });

  it('refuses a symbolic link that leads out of the repository', async () => {
    const error = await renderError(
      { 'app/kustomization.yaml': 'resources:\n- link.yaml\n' },
      'app',
      { symlinks: { 'app/link.yaml': '../../etc/passwd' } },
    );
    expect(error.message).toBe(
      'app/link.yaml: symbolic link app/link.yaml points outside the repository',
    );
  });

  it('refuses files outside the kustomization folder, as kustomize does', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml': 'resources:\n- ../shared/deployment.yaml\n',
        'shared/deployment.yaml': deployment,
      },
      'app',
    );
    expect(error.file).toBe('app/kustomization.yaml');
    expect(error.message).toMatch(
      /security; file 'shared\/deployment\.yaml' is not in or below 'app'/,
    );
  });

  it('does not fetch remote bases or files', async () => {
    const base = await renderError(
      {
        'app/kustomization.yaml':
          'resources:\n- https://github.com/acme/base//deploy?ref=v1\n',
      },
      'app',
    );
    expect(base.file).toBe('app/kustomization.yaml');
    expect(base.message).toMatch(
      /remote resource https:\/\/github\.com\/acme\/base\/\/deploy\?ref=v1 is not fetched/,
    );
    const file = await renderError(
      {
        'app/kustomization.yaml':
          'resources:\n- https://example.com/deployment.yaml\n',
      },
      'app',
    );
    expect(file.message).toMatch(
      /remote resource https:\/\/example\.com\/deployment\.yaml is not fetched/,
    );
  });

  it('names the file and line of malformed YAML in a resource', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml': 'resources:\n- deployment.yaml\n',
        'app/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n spec: {}\n',
      },
      'app',
    );
    expect(error.file).toBe('app/deployment.yaml');
    // go-yaml's line: where the mapping it could not continue begins.
    expect(error.line).toBe(4);
  });

  it('names the line of a malformed kustomization', async () => {
    const error = await renderError(
      { 'app/kustomization.yaml': 'resources:\n  - a.yaml\n bad: [\n' },
      'app',
    );
    expect(error.file).toBe('app/kustomization.yaml');
    expect(error.line).toBe(2);
  });

  it('refuses a file above the size limit, naming the limit', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml': 'resources:\n- deployment.yaml\n',
        'app/deployment.yaml': deployment,
      },
      'app',
      { limits: { maxFileBytes: 100 } },
    );
    expect(error.message).toBe(
      `app/deployment.yaml: file is ${deployment.length} bytes, above the limit maxFileBytes of 100`,
    );
  });

  it('refuses YAML whose aliases expand beyond the limit before kustomize reads it', async () => {
    let laughs =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 9; i++) {
      laughs += `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]\n`;
    }
    const error = await renderError(
      {
        'app/kustomization.yaml': 'resources:\n- laughs.yaml\n',
        'app/laughs.yaml': laughs,
      },
      'app',
    );
    expect(error.file).toBe('app/laughs.yaml');
    expect(error.message).toMatch(/\(limit maxAliasCount\)$/);
  });

  it('stops a render that runs too long, and renders again afterwards', async () => {
    const files = {
      'app/kustomization.yaml': 'resources:\n- deployment.yaml\n',
      'app/deployment.yaml': deployment,
    };
    const error = await renderError(files, 'app', {
      limits: { maxRenderMs: 1 },
    });
    expect(error.message).toBe(
      'app: render takes longer than 1 ms (limit maxRenderMs)',
    );
    const objects = await new KustomizeRenderer().render({
      snapshot: new InMemorySnapshot({ revision: 'r', files }),
      path: 'app',
    });
    expect(objects.map(o => o.metadata.name)).toEqual(['web']);
  });

  it('refuses too many files and too much output', async () => {
    const files: Record<string, string> = {
      'app/kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n- c.yaml\n',
    };
    for (const name of ['a', 'b', 'c']) {
      files[`app/${name}.yaml`] = deployment.replace(
        'name: web',
        `name: ${name}`,
      );
    }
    expect(
      (await renderError(files, 'app', { limits: { maxFiles: 3 } })).message,
    ).toBe('app/c.yaml: render reads more than 3 files (limit maxFiles)');
    expect(
      (await renderError(files, 'app', { limits: { maxOutputBytes: 300 } }))
        .message,
    ).toBe('app: rendered output exceeds 300 bytes (limit maxOutputBytes)');
  });

  it('refuses unknown fields and plugins as kustomize does by default, and charts it would download', async () => {
    expect(
      (
        await renderError(
          { 'app/kustomization.yaml': 'resource:\n- a.yaml\n' },
          'app',
        )
      ).message,
    ).toBe(
      'app/kustomization.yaml: invalid Kustomization: json: unknown field "resource"',
    );
    expect(
      (
        await renderError(
          {
            'app/kustomization.yaml':
              'helmCharts:\n- name: web\n  repo: https://charts.example.com\n',
          },
          'app',
        )
      ).message,
    ).toMatch(
      /helm chart "web" \(repo https:\/\/charts.example.com\) is not vendored at app\/charts\/web: Slipway renders offline and never downloads a chart/,
    );
    expect(
      (
        await renderError(
          {
            'app/kustomization.yaml': 'generators:\n- generator.yaml\n',
            'app/generator.yaml':
              'apiVersion: example.com/v1\nkind: Generator\nmetadata:\n  name: g\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: /bin/sh\n',
          },
          'app',
        )
      ).message,
    ).toMatch(/external plugins disabled/);
  });

  it('refuses an image tag YAML reads as a number', async () => {
    const error = await renderError(
      { 'app/kustomization.yaml': 'images:\n- name: nginx\n  newTag: 1.10\n' },
      'app',
    );
    expect(error.message).toMatch(
      /cannot unmarshal number into Go struct field Image\.images\.newTag of type string/,
    );
  });

  it('reports a strategic merge patch without a target', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml':
          'resources:\n- deployment.yaml\npatches:\n- path: patch.yaml\n',
        'app/deployment.yaml': deployment,
        'app/patch.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec: {replicas: 2}\n',
      },
      'app',
    );
    expect(error.message).toMatch(
      /^app\/kustomization\.yaml: no resource matches strategic merge patch "Deployment\.v1\.apps\/api\.\[noNs\]"/,
    );
  });

  it('reports the same object declared twice', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n',
        'app/a.yaml': deployment,
        'app/b.yaml': deployment,
      },
      'app',
    );
    expect(error.message).toMatch(
      /merging resources from 'b\.yaml': may not add resource with an already registered id: Deployment\.v1\.apps\/web\.\[noNs\]/,
    );
  });
});
