import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  createGenerateConfigAction,
  GENERATE_CONFIG_ACTION_ID,
} from './createGenerateConfigAction';

const PIPELINE = [
  { name: 'dev', cluster: 'dev-cluster' },
  { name: 'staging', cluster: 'dev-cluster', promotion: { from: 'dev' } },
  {
    name: 'production',
    cluster: 'prod-cluster',
    promotion: { from: 'staging' },
    changes: 'pull-request',
    protected: true,
  },
];

function gitopsConfig(
  options: {
    environments?: unknown[];
    overlayPath?: string;
    engines?: unknown[];
  } = {},
) {
  return readGitOpsConfig(
    new ConfigReader({
      gitops: {
        environments: options.environments ?? PIPELINE,
        ...(options.overlayPath ? { overlayPath: options.overlayPath } : {}),
        ...(options.engines ? { engines: options.engines } : {}),
      },
    } as any),
  );
}

/** The demo's pipeline, with staging applied by Argo CD and production by Flux. */
const PULL_PIPELINE = [
  { name: 'dev', cluster: 'dev-cluster', sync: { automated: true } },
  {
    name: 'staging',
    cluster: 'dev-cluster',
    engine: 'argocd',
    sync: { automated: true, prune: true, selfHeal: true },
    promotion: { from: 'dev' },
  },
  {
    name: 'production',
    cluster: 'prod-cluster',
    engine: 'flux',
    sync: { prune: true },
    promotion: { from: 'staging' },
    protected: true,
  },
];

const CONFIG_REPO_URL = 'https://github.com/acme/payments-config.git';

const FULL_INPUT = {
  name: 'payments',
  image: 'ghcr.io/acme/payments',
  tag: '1.2.3',
  port: 8080,
  targetPath: '.',
  configBranch: 'main',
};

/** Every file below a folder, as sorted forward-slash relative paths. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      path
        .relative(root, path.join(entry.parentPath, entry.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

describe('gitops:config:generate', () => {
  let workspacePath: string;

  beforeEach(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-gen-'));
  });

  afterEach(async () => {
    await fs.rm(workspacePath, { recursive: true, force: true });
  });

  async function run(
    input: Record<string, unknown>,
    options: {
      config?: ReturnType<typeof gitopsConfig>;
      isDryRun?: boolean;
    } = {},
  ) {
    const action = createGenerateConfigAction({
      config: options.config ?? gitopsConfig(),
    });
    // createMockActionContext drops isDryRun, so set it on the result.
    const ctx = {
      ...createMockActionContext({ input: input as any, workspacePath }),
      isDryRun: options.isDryRun,
    };
    await action.handler(ctx as any);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
    return { outputs };
  }

  async function readYaml(file: string) {
    return parse(await fs.readFile(path.join(workspacePath, file), 'utf8'));
  }

  /** Where an overlay's `resources` entry points, relative to the repository root. */
  function resolveResource(overlayFile: string, resource: string) {
    return path.posix.normalize(
      path.posix.join(path.posix.dirname(overlayFile), resource),
    );
  }

  it('has the expected id and supports dry runs', () => {
    const action = createGenerateConfigAction({ config: gitopsConfig() });
    expect(action.id).toBe('gitops:config:generate');
    expect(GENERATE_CONFIG_ACTION_ID).toBe(action.id);
    expect(action.supportsDryRun).toBe(true);
  });

  describe('at the workspace root', () => {
    it('writes a base and one overlay per environment, and nothing else', async () => {
      const { outputs } = await run(FULL_INPUT);
      const expected = [
        'base/deployment.yaml',
        'base/kustomization.yaml',
        'base/service.yaml',
        'envs/dev/kustomization.yaml',
        'envs/dev/namespace.yaml',
        'envs/production/kustomization.yaml',
        'envs/production/namespace.yaml',
        'envs/staging/kustomization.yaml',
        'envs/staging/namespace.yaml',
      ];
      expect(await listFiles(workspacePath)).toEqual(expected);
      expect(outputs.files).toEqual(expected);
    });

    it('declares the Deployment and Service in the base', async () => {
      await run(FULL_INPUT);
      const kustomization = await readYaml('base/kustomization.yaml');
      expect(kustomization).toMatchObject({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['deployment.yaml', 'service.yaml'],
      });
      expect(kustomization.labels).toEqual([
        {
          pairs: { 'app.kubernetes.io/name': 'payments' },
          includeSelectors: true,
        },
      ]);

      const deployment = await readYaml('base/deployment.yaml');
      expect(deployment).toMatchObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'payments' },
      });
      expect(deployment.spec.selector.matchLabels).toEqual(
        deployment.spec.template.metadata.labels,
      );
      const [container] = deployment.spec.template.spec.containers;
      expect(container.image).toBe('ghcr.io/acme/payments:1.2.3');
      expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
      expect(container.readinessProbe.httpGet.port).toBe('http');
      expect(container.resources.limits.memory).toBeDefined();

      const service = await readYaml('base/service.yaml');
      expect(service).toMatchObject({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'payments' },
        spec: {
          selector: deployment.spec.template.metadata.labels,
          ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        },
      });
    });

    it('pins the tag and a namespace per overlay, each pointing at the base', async () => {
      await run(FULL_INPUT);
      for (const env of ['dev', 'staging', 'production']) {
        const file = `envs/${env}/kustomization.yaml`;
        const overlay = await readYaml(file);
        expect(overlay).toEqual({
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace: `payments-${env}`,
          resources: ['namespace.yaml', '../../base'],
          images: [{ name: 'ghcr.io/acme/payments', newTag: '1.2.3' }],
        });
        expect(resolveResource(file, overlay.resources[1])).toBe('base');
      }
    });

    it('outputs the annotations that wire up the entity', async () => {
      const { outputs } = await run(FULL_INPUT);
      expect(outputs.annotations).toEqual({
        'slipway.dev/config-path': '.',
        'slipway.dev/config-branch': 'main',
        'slipway.dev/image': 'ghcr.io/acme/payments',
        'slipway.dev/environments': 'dev,staging,production',
      });
      expect(outputs.environments).toEqual(['dev', 'staging', 'production']);
    });

    it('adds the config-repo annotation when the URL is known', async () => {
      const { outputs } = await run({
        ...FULL_INPUT,
        configRepoUrl: 'https://github.com/acme/payments-config',
        configBranch: 'trunk',
      });
      expect(outputs.annotations).toMatchObject({
        'slipway.dev/config-repo': 'https://github.com/acme/payments-config',
        'slipway.dev/config-branch': 'trunk',
      });
    });
  });

  describe('in a subfolder', () => {
    const input = {
      ...FULL_INPUT,
      name: 'storefront',
      image: 'ghcr.io/acme/storefront',
      targetPath: './apps/storefront/',
    };

    it('writes below the subfolder and outputs it as the config path', async () => {
      const { outputs } = await run(input);
      expect(await listFiles(workspacePath)).toEqual([
        'apps/storefront/base/deployment.yaml',
        'apps/storefront/base/kustomization.yaml',
        'apps/storefront/base/service.yaml',
        'apps/storefront/envs/dev/kustomization.yaml',
        'apps/storefront/envs/dev/namespace.yaml',
        'apps/storefront/envs/production/kustomization.yaml',
        'apps/storefront/envs/production/namespace.yaml',
        'apps/storefront/envs/staging/kustomization.yaml',
        'apps/storefront/envs/staging/namespace.yaml',
      ]);
      expect(outputs.annotations['slipway.dev/config-path']).toBe(
        'apps/storefront',
      );
    });

    it("points each overlay's resources at the subfolder's base", async () => {
      await run(input);
      for (const env of ['dev', 'staging', 'production']) {
        const file = `apps/storefront/envs/${env}/kustomization.yaml`;
        const overlay = await readYaml(file);
        expect(resolveResource(file, overlay.resources[1])).toBe(
          'apps/storefront/base',
        );
      }
    });

    it.each([
      ['clusters/{environment}/apps', 'clusters/dev/apps'],
      ['./overlays/{environment}', 'overlays/dev'],
      ['{environment}', 'dev'],
    ])(
      'resolves the base from the portal overlayPath %j',
      async (overlayPath, overlay) => {
        const { outputs } = await run(
          { ...input, environments: ['dev'] },
          { config: gitopsConfig({ overlayPath }) },
        );
        const file = `apps/storefront/${overlay}/kustomization.yaml`;
        expect(outputs.files).toContain(file);
        expect(await listFiles(workspacePath)).toContain(file);
        const written = await readYaml(file);
        expect(resolveResource(file, written.resources[1])).toBe(
          'apps/storefront/base',
        );
      },
    );
  });

  describe('Ingress', () => {
    it('is written only when an ingressHost is given', async () => {
      await run({ ...FULL_INPUT, ingressHost: 'pay.example.com' });
      expect((await readYaml('base/kustomization.yaml')).resources).toEqual([
        'deployment.yaml',
        'service.yaml',
        'ingress.yaml',
      ]);
      const ingress = await readYaml('base/ingress.yaml');
      expect(ingress).toMatchObject({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'payments' },
      });
      expect(ingress.spec.rules).toEqual([
        {
          host: 'pay.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: 'payments', port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ]);
    });

    it('is not written for an empty ingressHost', async () => {
      const { outputs } = await run({ ...FULL_INPUT, ingressHost: '' });
      expect(outputs.files).not.toContain('base/ingress.yaml');
      expect(await listFiles(workspacePath)).not.toContain('base/ingress.yaml');
    });
  });

  describe('CODEOWNERS', () => {
    it('guards only the protected overlays', async () => {
      await run({
        ...FULL_INPUT,
        targetPath: 'apps/payments',
        codeOwners: '@acme/platform',
      });
      const codeOwners = await fs.readFile(
        path.join(workspacePath, 'CODEOWNERS'),
        'utf8',
      );
      const rules = codeOwners
        .split('\n')
        .filter(line => line && !line.startsWith('#'));
      expect(rules).toEqual(['/apps/payments/envs/production/ @acme/platform']);
    });

    it('lists every protected overlay', async () => {
      const config = gitopsConfig({
        environments: [
          { name: 'dev', cluster: 'c' },
          { name: 'staging', cluster: 'c', protected: true },
          { name: 'production', cluster: 'c', protected: true },
        ],
      });
      await run({ ...FULL_INPUT, codeOwners: '@acme/sre' }, { config });
      const rules = (
        await fs.readFile(path.join(workspacePath, 'CODEOWNERS'), 'utf8')
      )
        .split('\n')
        .filter(line => line && !line.startsWith('#'));
      expect(rules).toEqual([
        '/envs/staging/ @acme/sre',
        '/envs/production/ @acme/sre',
      ]);
    });

    it('is not written without codeOwners', async () => {
      const { outputs } = await run(FULL_INPUT);
      expect(outputs.files).not.toContain('CODEOWNERS');
      expect(await listFiles(workspacePath)).not.toContain('CODEOWNERS');
    });

    it('is not written when the pipeline has no protected environment', async () => {
      const { outputs } = await run({
        ...FULL_INPUT,
        environments: ['dev', 'staging'],
        codeOwners: '@acme/platform',
      });
      expect(outputs.files).not.toContain('CODEOWNERS');
      expect(await listFiles(workspacePath)).not.toContain('CODEOWNERS');
    });
  });

  it("narrows to the requested environments in the portal's order", async () => {
    const { outputs } = await run({
      ...FULL_INPUT,
      environments: ['production', 'dev'],
    });
    expect(outputs.environments).toEqual(['dev', 'production']);
    expect(outputs.annotations['slipway.dev/environments']).toBe(
      'dev,production',
    );
    expect(await listFiles(workspacePath)).toEqual([
      'base/deployment.yaml',
      'base/kustomization.yaml',
      'base/service.yaml',
      'envs/dev/kustomization.yaml',
      'envs/dev/namespace.yaml',
      'envs/production/kustomization.yaml',
      'envs/production/namespace.yaml',
    ]);
  });

  it('applies the documented defaults to inputs a template leaves out', async () => {
    // The scaffolder validates inputs against the JSON schema but does not
    // fill in its defaults, so the handler sees only what the template wrote.
    const { outputs } = await run({
      name: 'payments',
      image: 'ghcr.io/acme/payments',
    });
    expect(outputs.annotations).toMatchObject({
      'slipway.dev/config-path': '.',
      'slipway.dev/config-branch': 'main',
    });
    const [container] = (await readYaml('base/deployment.yaml')).spec.template
      .spec.containers;
    expect(container.image).toBe('ghcr.io/acme/payments:0.1.0');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect((await readYaml('envs/dev/kustomization.yaml')).images).toEqual([
      { name: 'ghcr.io/acme/payments', newTag: '0.1.0' },
    ]);
  });

  it('writes nothing on a dry run but still outputs what it would write', async () => {
    const { outputs } = await run(
      { ...FULL_INPUT, ingressHost: 'pay.example.com', codeOwners: '@acme/x' },
      { isDryRun: true },
    );
    expect(await listFiles(workspacePath)).toEqual([]);
    expect(outputs.files).toEqual([
      'CODEOWNERS',
      'base/deployment.yaml',
      'base/ingress.yaml',
      'base/kustomization.yaml',
      'base/service.yaml',
      'envs/dev/kustomization.yaml',
      'envs/dev/namespace.yaml',
      'envs/production/kustomization.yaml',
      'envs/production/namespace.yaml',
      'envs/staging/kustomization.yaml',
      'envs/staging/namespace.yaml',
    ]);
    expect(outputs.annotations['slipway.dev/environments']).toBe(
      'dev,staging,production',
    );
  });

  describe('into a workspace folder', () => {
    it('makes that folder the repository root', async () => {
      const { outputs } = await run({
        ...FULL_INPUT,
        outputPath: 'config',
        targetPath: 'apps/payments',
      });
      expect(outputs.files).toEqual(
        expect.arrayContaining([
          'apps/payments/envs/dev/kustomization.yaml',
          'apps/payments/envs/dev/namespace.yaml',
        ]),
      );
      expect(await listFiles(workspacePath)).toEqual(
        expect.arrayContaining([
          'config/apps/payments/envs/dev/kustomization.yaml',
          'config/apps/payments/envs/dev/namespace.yaml',
        ]),
      );
      expect(outputs.annotations['slipway.dev/config-path']).toBe(
        'apps/payments',
      );
      expect(outputs.overlays).toEqual({
        dev: 'apps/payments/envs/dev/kustomization.yaml',
        staging: 'apps/payments/envs/staging/kustomization.yaml',
        production: 'apps/payments/envs/production/kustomization.yaml',
      });
    });

    it('refuses a folder outside the workspace', async () => {
      const promise = run({ ...FULL_INPUT, outputPath: '../config' });
      await expect(promise).rejects.toMatchObject({ name: 'InputError' });
      await expect(promise).rejects.toThrow(
        'outputPath "../config" escapes the repository with ".."',
      );
      expect(await listFiles(workspacePath)).toEqual([]);
    });
  });

  describe('environments waiting for their first deploy', () => {
    it('name the image without pinning a version, so gitops:deploy can pin it', async () => {
      await run({ ...FULL_INPUT, pendingEnvironments: ['dev'] });
      expect((await readYaml('envs/dev/kustomization.yaml')).images).toEqual([
        { name: 'ghcr.io/acme/payments' },
      ]);
      for (const env of ['staging', 'production']) {
        expect(
          (await readYaml(`envs/${env}/kustomization.yaml`)).images,
        ).toEqual([{ name: 'ghcr.io/acme/payments', newTag: '1.2.3' }]);
      }
      // The base still declares a runnable image.
      const deployment = await readYaml('base/deployment.yaml');
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        'ghcr.io/acme/payments:1.2.3',
      );
    });

    it('must be environments the config repo gets', async () => {
      const promise = run({
        ...FULL_INPUT,
        environments: ['dev', 'staging'],
        pendingEnvironments: ['production'],
      });
      await expect(promise).rejects.toMatchObject({ name: 'InputError' });
      await expect(promise).rejects.toThrow(
        'pendingEnvironments names "production", which the config repo will not have; it has "dev", "staging"',
      );
      expect(await listFiles(workspacePath)).toEqual([]);
    });
  });

  describe('environments that Argo CD or Flux applies', () => {
    const config = gitopsConfig({ environments: PULL_PIPELINE });

    it('get the objects that make the engine apply them, and annotations that name those objects', async () => {
      const { outputs } = await run(
        { ...FULL_INPUT, configRepoUrl: CONFIG_REPO_URL },
        { config },
      );
      const expected = [
        'argocd/applications/payments-staging.yaml',
        'base/deployment.yaml',
        'base/kustomization.yaml',
        'base/service.yaml',
        'envs/dev/kustomization.yaml',
        'envs/dev/namespace.yaml',
        'envs/production/kustomization.yaml',
        'envs/production/namespace.yaml',
        'envs/staging/kustomization.yaml',
        'envs/staging/namespace.yaml',
        'flux/production/payments.yaml',
      ];
      expect(await listFiles(workspacePath)).toEqual(expected);
      expect(outputs.files).toEqual(expected);
      expect(outputs.engineFiles).toEqual({
        staging: 'argocd/applications/payments-staging.yaml',
        production: 'flux/production/payments.yaml',
      });
      expect(outputs.annotations).toEqual({
        'slipway.dev/config-path': '.',
        'slipway.dev/config-branch': 'main',
        'slipway.dev/image': 'ghcr.io/acme/payments',
        'slipway.dev/environments': 'dev,staging,production',
        'slipway.dev/config-repo': CONFIG_REPO_URL,
        'slipway.dev/argocd-app': 'payments-{environment}',
        'slipway.dev/flux-kustomization': 'flux-system/payments-{environment}',
      });

      const application = await readYaml(
        'argocd/applications/payments-staging.yaml',
      );
      expect(application).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'payments-staging', namespace: 'argocd' },
        spec: {
          source: {
            repoURL: CONFIG_REPO_URL,
            targetRevision: 'main',
            path: 'envs/staging',
          },
          destination: { namespace: 'payments-staging' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      });
      const [gitRepository, kustomization] = parseAllDocuments(
        await fs.readFile(
          path.join(workspacePath, 'flux/production/payments.yaml'),
          'utf8',
        ),
      ).map(document => document.toJS());
      expect(gitRepository).toMatchObject({
        kind: 'GitRepository',
        metadata: { name: 'payments-production', namespace: 'flux-system' },
        spec: { url: CONFIG_REPO_URL, ref: { branch: 'main' } },
      });
      expect(kustomization).toMatchObject({
        kind: 'Kustomization',
        metadata: { name: 'payments-production', namespace: 'flux-system' },
        spec: { path: './envs/production', prune: true, wait: true },
      });
      // Each engine applies the overlay Slipway writes deploys into.
      expect(`${application.spec.source.path}/kustomization.yaml`).toBe(
        outputs.overlays.staging,
      );
      expect(
        path.posix.normalize(`${kustomization.spec.path}/kustomization.yaml`),
      ).toBe(outputs.overlays.production);
    });

    it("sit at the repository's root, and point into the application's folder", async () => {
      const { outputs } = await run(
        {
          ...FULL_INPUT,
          outputPath: 'config',
          targetPath: 'apps/payments',
          configRepoUrl: CONFIG_REPO_URL,
          configBranch: 'trunk',
        },
        { config },
      );
      expect(outputs.engineFiles).toEqual({
        staging: 'argocd/applications/payments-staging.yaml',
        production: 'flux/production/payments.yaml',
      });
      const application = await readYaml(
        'config/argocd/applications/payments-staging.yaml',
      );
      expect(application.spec.source).toEqual({
        repoURL: CONFIG_REPO_URL,
        targetRevision: 'trunk',
        path: 'apps/payments/envs/staging',
      });
      expect(
        await fs.readFile(
          path.join(workspacePath, 'config/flux/production/payments.yaml'),
          'utf8',
        ),
      ).toContain('path: ./apps/payments/envs/production\n');
    });

    it('are only those the application runs in', async () => {
      const { outputs } = await run(
        { ...FULL_INPUT, environments: ['dev'] },
        { config },
      );
      expect(outputs.engineFiles).toEqual({});
      expect(Object.keys(outputs.annotations)).not.toContain(
        'slipway.dev/argocd-app',
      );
      expect(
        (await listFiles(workspacePath)).filter(
          file => !file.startsWith('base/') && !file.startsWith('envs/'),
        ),
      ).toEqual([]);
    });

    it('are listed but not written on a dry run', async () => {
      const { outputs } = await run(
        { ...FULL_INPUT, configRepoUrl: CONFIG_REPO_URL },
        { config, isDryRun: true },
      );
      expect(await listFiles(workspacePath)).toEqual([]);
      expect(outputs.files).toEqual(
        expect.arrayContaining([
          'argocd/applications/payments-staging.yaml',
          'flux/production/payments.yaml',
        ]),
      );
    });

    it('change nothing for a portal that names the builtin engine', async () => {
      const contents = async () =>
        Promise.all(
          (await listFiles(workspacePath)).map(async file => [
            file,
            await fs.readFile(path.join(workspacePath, file), 'utf8'),
          ]),
        );
      const input = {
        ...FULL_INPUT,
        configRepoUrl: CONFIG_REPO_URL,
        codeOwners: '@acme/platform',
      };
      const implicit = await run(input);
      const before = await contents();
      await fs.rm(workspacePath, { recursive: true, force: true });
      await fs.mkdir(workspacePath);
      const explicit = await run(input, {
        config: gitopsConfig({
          environments: PIPELINE.map(env => ({ ...env, engine: 'builtin' })),
        }),
      });
      expect(await contents()).toEqual(before);
      expect(explicit.outputs).toEqual(implicit.outputs);
      expect(explicit.outputs.engineFiles).toEqual({});
    });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'without the URL the engines clone',
        {},
        'configRepoUrl is required: Argo CD applies environment "staging" and clones the config repository from its URL',
      ],
      [
        'with a URL Flux cannot clone',
        { configRepoUrl: 'file:///srv/git/payments-config.git' },
        'configRepoUrl "file:///srv/git/payments-config.git" cannot be cloned by Flux, which applies environment "production": a GitRepository takes http://, https:// or ssh:// URLs only',
      ],
      [
        'with a name too long for an Application name',
        { name: 'a'.repeat(56), configRepoUrl: CONFIG_REPO_URL },
        `Argo CD Application "${'a'.repeat(
          56,
        )}-staging" for environment "staging" is not a valid Kubernetes name: up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit; the name may have at most 55 characters`,
      ],
    ])(
      'are refused %s, with an InputError before anything is written',
      async (_case, override, message) => {
        const promise = run({ ...FULL_INPUT, ...override }, { config });
        await expect(promise).rejects.toMatchObject({
          name: 'InputError',
          message,
        });
        expect(await listFiles(workspacePath)).toEqual([]);
      },
    );

    it('are refused where an overlay would take their place', async () => {
      const promise = run(
        { ...FULL_INPUT, name: 'namespace', configRepoUrl: CONFIG_REPO_URL },
        {
          config: gitopsConfig({
            environments: PULL_PIPELINE,
            overlayPath: 'flux/{environment}',
          }),
        },
      );
      await expect(promise).rejects.toMatchObject({
        name: 'InputError',
        message:
          'flux/production/namespace.yaml would be both a file of the application and an engine manifest; keep targetPath and gitops.overlayPath out of argocd/ and flux/',
      });
      expect(await listFiles(workspacePath)).toEqual([]);
    });
  });

  describe('refuses bad input with an InputError and writes nothing', () => {
    it.each<[string, Record<string, unknown>, string | RegExp]>([
      [
        'an invalid name',
        { name: 'Payments_API' },
        'name "Payments_API" is not a valid Kubernetes name: up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit',
      ],
      [
        'a name longer than 63 characters',
        { name: 'a'.repeat(64) },
        /^name "a{64}" is not a valid Kubernetes name/,
      ],
      [
        'an image with a tag',
        { image: 'ghcr.io/acme/payments:1.0.0' },
        'image "ghcr.io/acme/payments:1.0.0" is not an image repository (expected e.g. ghcr.io/acme/payments, without a tag)',
      ],
      [
        'a single-name image with a tag',
        { image: 'nginx:1' },
        'image "nginx:1" is not an image repository (expected e.g. ghcr.io/acme/payments, without a tag)',
      ],
      [
        'an image with a digest',
        { image: 'ghcr.io/acme/payments@sha256:abc' },
        /^image "ghcr\.io\/acme\/payments@sha256:abc" is not an image repository/,
      ],
      [
        'a digest as tag',
        { tag: `sha256:${'a'.repeat(64)}` },
        'tag must be an image tag for a new application, not a digest',
      ],
      [
        'an invalid tag',
        { tag: '-rc1' },
        'tag "-rc1" is not a valid image tag: up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"',
      ],
      [
        'a targetPath escaping the workspace',
        { targetPath: '../elsewhere' },
        'targetPath "../elsewhere" escapes the repository with ".."',
      ],
      [
        'an absolute targetPath',
        { targetPath: '/etc' },
        'targetPath "/etc" is absolute; give a path relative to the repository root',
      ],
      [
        'an ingressHost that is not a host name',
        { ingressHost: 'https://pay.example.com' },
        'ingressHost "https://pay.example.com" is not a host name',
      ],
      [
        'an environment not in the pipeline',
        { environments: ['dev', 'qa'] },
        `environments names "qa"; the portal's pipeline is dev → staging → production`,
      ],
      [
        'an empty environment list',
        { environments: [] },
        `environments is empty; the portal's pipeline is dev → staging → production`,
      ],
    ])('%s', async (_case, override, message) => {
      const promise = run({ ...FULL_INPUT, ...override });
      await expect(promise).rejects.toMatchObject({ name: 'InputError' });
      await expect(promise).rejects.toThrow(message);
      expect(await listFiles(workspacePath)).toEqual([]);
    });

    it('a portal with no environments', async () => {
      const promise = run(FULL_INPUT, {
        config: gitopsConfig({ environments: [] }),
      });
      await expect(promise).rejects.toMatchObject({
        name: 'InputError',
        message:
          'The portal configures no environments: add gitops.environments to app-config.yaml',
      });
      expect(await listFiles(workspacePath)).toEqual([]);
    });
  });
});
