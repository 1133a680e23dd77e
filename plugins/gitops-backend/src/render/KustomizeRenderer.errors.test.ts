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

describe('KustomizeRenderer errors', () => {
  it('names the missing resource and the line that lists it', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml':
          'resources:\n- deployment.yaml\n- missing.yaml\n',
        'app/deployment.yaml': deployment,
      },
      'app',
    );
    expect(error.message).toBe(
      'app/kustomization.yaml:3: resources: missing.yaml does not exist',
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
    expect(error.message).toBe(
      'plain: no kustomization.yaml, kustomization.yml or Kustomization in the folder',
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
    expect(error.message).toBe(
      'c: kustomizations refer to each other in a cycle: a -> b -> c -> a',
    );
  });

  it('refuses paths that escape the repository', async () => {
    const error = await renderError(
      { 'envs/dev/kustomization.yaml': 'resources:\n- ../../../outside\n' },
      'envs/dev',
    );
    expect(error.message).toBe(
      'envs/dev/kustomization.yaml:2: resources: ../../../outside is outside the repository',
    );
    const absolute = await renderError(
      { 'app/kustomization.yaml': 'resources:\n- /etc/passwd\n' },
      'app',
    );
    expect(absolute.message).toBe(
      'app/kustomization.yaml:2: resources: /etc/passwd is outside the repository',
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
    expect(error.message).toBe(
      "app/kustomization.yaml:2: resources: file ../shared/deployment.yaml is not in or below the kustomization's folder app",
    );
  });

  it('does not fetch remote bases', async () => {
    const error = await renderError(
      {
        'app/kustomization.yaml':
          'resources:\n- https://github.com/acme/base//deploy?ref=v1\n',
      },
      'app',
    );
    expect(error.message).toMatch(
      /^app\/kustomization\.yaml:2: resources: remote base https:\/\/github\.com\/acme\/base\/\/deploy\?ref=v1 is not fetched/,
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
    expect(error.line).toBe(5);
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

  it('refuses unknown and unsupported fields by name', async () => {
    expect(
      (
        await renderError(
          { 'app/kustomization.yaml': 'resource:\n- a.yaml\n' },
          'app',
        )
      ).message,
    ).toBe('app/kustomization.yaml:1: resource is not a kustomization field');
    expect(
      (
        await renderError(
          { 'app/kustomization.yaml': 'helmCharts: []\n' },
          'app',
        )
      ).message,
    ).toMatch(/helmCharts is not supported by the built-in kustomize renderer/);
  });

  it('refuses an image tag YAML read as a number', async () => {
    const error = await renderError(
      { 'app/kustomization.yaml': 'images:\n- name: nginx\n  newTag: 1.10\n' },
      'app',
    );
    expect(error.message).toMatch(
      /images\[0\]\.newTag must be a string \(quote it/,
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
    expect(error.message).toBe(
      'app/patch.yaml:1: patch matches no resource: Deployment api',
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
    expect(error.message).toBe(
      'app/b.yaml:1: Deployment web is declared twice (also at app/a.yaml:1)',
    );
  });
});
