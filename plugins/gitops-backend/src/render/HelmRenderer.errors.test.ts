import { RenderError } from '@slipway/plugin-gitops-node';
import { HelmRenderer } from './HelmRenderer';
import { InMemorySnapshot } from './InMemorySnapshot';
import { KustomizeRenderer } from './KustomizeRenderer';
import { RenderLimits } from './renderLimits';

/** A small chart at `prefix`. */
function chart(prefix: string): Record<string, string> {
  return {
    [`${prefix}/Chart.yaml`]: 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    [`${prefix}/values.yaml`]: 'image: nginx\nreplicas: 1\n',
    [`${prefix}/templates/deployment.yaml`]:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n      containers:\n      - name: web\n        image: {{ .Values.image }}\n',
  };
}

async function renderError(
  renderer: HelmRenderer | KustomizeRenderer,
  files: Record<string, string>,
  path: string,
): Promise<RenderError> {
  const snapshot = new InMemorySnapshot({ revision: 'r', files });
  try {
    await renderer.render({ snapshot, path });
  } catch (error) {
    expect(error).toBeInstanceOf(RenderError);
    return error as RenderError;
  }
  throw new Error('render succeeded');
}

// The first render in a process loads helm.wasm (and starts kustomize): seconds
// on a busy machine.
jest.setTimeout(120_000);

describe('Helm rendering errors', () => {
  const helm = new HelmRenderer();
  const kustomize = new KustomizeRenderer();

  it('refuses a helmCharts entry whose chart is not vendored, downloading nothing', async () => {
    const error = await renderError(
      kustomize,
      {
        'app/kustomization.yaml':
          'helmCharts:\n- name: redis\n  repo: https://charts.example.com\n  version: 1.2.3\n  releaseName: cache\n',
      },
      'app',
    );
    expect(error.file).toBe('app/kustomization.yaml');
    expect(error.message).toContain(
      'helm chart "redis" (repo https://charts.example.com, version 1.2.3) is not vendored at app/charts/redis-1.2.3/redis: ' +
        'Slipway renders offline and never downloads a chart; ' +
        'vendor it (helm pull --untar --untardir app/charts/redis-1.2.3 --repo https://charts.example.com redis --version 1.2.3) and commit the folder',
    );
    const oci = await renderError(
      kustomize,
      {
        'app/kustomization.yaml':
          'helmCharts:\n- name: redis\n  repo: oci://registry.example.com/charts\n  releaseName: cache\n',
      },
      'app',
    );
    expect(oci.message).toContain(
      'helm pull --untar --untardir app/charts oci://registry.example.com/charts/redis',
    );
    const local = await renderError(
      kustomize,
      { 'app/kustomization.yaml': 'helmCharts:\n- name: redis\n' },
      'app',
    );
    expect(local.message).toContain(
      'helm chart "redis": no repo specified for pull, no chart found at \'app/charts/redis\'',
    );
  });

  it('names the template and line of a template error, in Helm words', async () => {
    const files = {
      ...chart('charts/web'),
      'charts/web/templates/broken.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: {{ .Values.database.host }}\n',
      'envs/prod/kustomization.yaml':
        'helmCharts:\n- name: web\n  releaseName: web\n  valuesFile: values.yaml\nhelmGlobals:\n  chartHome: ../../charts\n',
      'envs/prod/values.yaml': 'replicas: 3\n',
    };
    const error = await renderError(helm, files, 'charts/web');
    expect(error.file).toBe('charts/web/templates/broken.yaml');
    expect(error.line).toBe(6);
    expect(error.message).toBe(
      'charts/web/templates/broken.yaml:6: template: web/templates/broken.yaml:6:17: executing "web/templates/broken.yaml" at <.Values.database.host>: nil pointer evaluating interface {}.host',
    );
    const inKustomize = await renderError(kustomize, files, 'envs/prod');
    expect(inKustomize.file).toBe('charts/web/templates/broken.yaml');
    expect(inKustomize.line).toBe(6);
    expect(inKustomize.message).toContain(
      'helm template web charts/web -f envs/prod/values.yaml: template: web/templates/broken.yaml:6:17: executing',
    );

    const required = await renderError(
      helm,
      {
        ...chart('web'),
        'web/templates/deployment.yaml':
          'image: {{ required "image is required" .Values.tag }}\n',
      },
      'web',
    );
    expect(required.file).toBe('web/templates/deployment.yaml');
    expect(required.line).toBe(1);
    expect(required.message).toContain(
      'execution error at (web/templates/deployment.yaml:1:10): image is required',
    );
  });

  it('names a values file that is not YAML, and its line', async () => {
    const files = {
      ...chart('charts/web'),
      'envs/prod/kustomization.yaml':
        'helmCharts:\n- name: web\n  releaseName: web\n  valuesFile: values.yaml\nhelmGlobals:\n  chartHome: ../../charts\n',
      'envs/prod/values.yaml': 'replicas: 3\n  image: [nginx\n',
    };
    const error = await renderError(kustomize, files, 'envs/prod');
    expect(error.file).toBe('envs/prod/values.yaml');
    expect(error.line).toBe(2);
    expect(error.message).toContain(
      'failed to parse envs/prod/values.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context',
    );
    const chartValues = await renderError(
      helm,
      { ...chart('web'), 'web/values.yaml': 'image: [nginx\n' },
      'web',
    );
    expect(chartValues.file).toBe('web/values.yaml');
    expect(chartValues.message).toContain('cannot load values.yaml');
  });

  it('refuses a release name made by a template', async () => {
    const error = await renderError(
      kustomize,
      {
        ...chart('app/charts/web'),
        'app/kustomization.yaml':
          'helmCharts:\n- name: web\n  nameTemplate: "{{ randAlpha 5 | lower }}"\n',
      },
      'app',
    );
    expect(error.message).toContain(
      '--name-template (nameTemplate) is not supported: set a release name (releaseName)',
    );
  });

  it('keeps Helm inside the repository and within the limits', async () => {
    const outside = await renderError(
      kustomize,
      {
        'app/kustomization.yaml':
          'helmCharts:\n- name: web\n  releaseName: web\nhelmGlobals:\n  chartHome: /charts\n',
      },
      'app',
    );
    expect(outside.message).toMatch(
      /^app\/kustomization.yaml: a path leads outside the repository/,
    );
    const limits: Partial<RenderLimits> = { maxFiles: 2 };
    const tooMany = await renderError(
      new HelmRenderer({ limits }),
      chart('web'),
      'web',
    );
    expect(tooMany.message).toMatch(
      /render reads more than 2 files \(limit maxFiles\)$/,
    );
  });
});
