import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { createGenerateConfigAction } from './createGenerateConfigAction';
import {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './createPublishLocalAction';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

const USER = {
  ref: 'user:development/guest',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'guest', namespace: 'development' },
    spec: {
      profile: { displayName: 'Guest Developer', email: 'guest@example.com' },
      memberOf: [],
    },
  },
};

/** A checkpoint that keeps results across handler runs, as a retried task does. */
function checkpointStore() {
  const values = new Map<string, unknown>();
  const calls: string[] = [];
  return {
    calls,
    async checkpoint({ key, fn }: { key: string; fn: () => unknown }) {
      calls.push(key);
      if (!values.has(key)) {
        values.set(key, await fn());
      }
      return values.get(key);
    },
  };
}

describe('gitops:publish:local', () => {
  let temp: string;
  let root: string;
  let workspacePath: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-publish-test-'));
    root = path.join(temp, 'published');
    workspacePath = path.join(temp, 'workspace');
    await fs.mkdir(path.join(workspacePath, 'app', 'src'), {
      recursive: true,
    });
    await fs.writeFile(path.join(workspacePath, 'app', 'README.md'), '# app\n');
    await fs.writeFile(
      path.join(workspacePath, 'app', 'src', 'server.js'),
      'console.log("hi");\n',
    );
    await fs.writeFile(
      path.join(workspacePath, 'app', 'catalog-info.yaml'),
      'kind: Component\n',
    );
    await fs.mkdir(path.join(workspacePath, 'config'));
    await fs.writeFile(
      path.join(workspacePath, 'config', 'kustomization.yaml'),
      'resources: []\n',
    );
  });

  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true });
  });

  async function run(
    input: Record<string, unknown>,
    options: {
      localPublishRoot?: string | null;
      user?: typeof USER;
      checkpoint?: ReturnType<typeof checkpointStore>['checkpoint'];
    } = {},
  ) {
    const action = createPublishLocalAction({
      localPublishRoot:
        options.localPublishRoot === null
          ? undefined
          : options.localPublishRoot ?? root,
    });
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath,
      user: options.user as any,
    });
    if (options.checkpoint) {
      ctx.checkpoint = options.checkpoint as any;
    }
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
  }

  function clone(remoteUrl: string): string {
    const target = path.join(
      temp,
      `clone-${Math.random().toString(36).slice(2)}`,
    );
    git(temp, 'clone', '--quiet', remoteUrl, target);
    return target;
  }

  it('has the expected id', () => {
    expect(createPublishLocalAction({}).id).toBe(PUBLISH_LOCAL_ACTION_ID);
    expect(PUBLISH_LOCAL_ACTION_ID).toBe('gitops:publish:local');
  });

  it('publishes a workspace folder as the initial commit of a bare repository', async () => {
    const outputs = await run(
      { repoName: 'payments', sourcePath: 'app', description: 'Payments' },
      { user: USER },
    );
    const bare = path.join(root, 'payments.git');
    expect(git(bare, 'rev-parse', '--is-bare-repository')).toBe('true');
    expect(outputs.remoteUrl).toBe(pathToFileURL(bare).href);
    expect(outputs.repoContentsUrl).toBe(`${outputs.remoteUrl}#main`);
    expect(outputs.commitHash).toBe(git(bare, 'rev-parse', 'refs/heads/main'));
    expect(git(bare, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(git(bare, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await fs.readFile(path.join(bare, 'description'), 'utf8')).toBe(
      'Payments\n',
    );

    const checkout = clone(outputs.remoteUrl);
    expect(git(checkout, 'ls-files').split('\n').sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'src/server.js',
    ]);
    expect(
      await fs.readFile(path.join(checkout, 'src', 'server.js'), 'utf8'),
    ).toBe('console.log("hi");\n');
    // The workspace gets none of git's bookkeeping.
    await expect(
      fs.stat(path.join(workspacePath, 'app', '.git')),
    ).rejects.toThrow();
    await expect(fs.stat(path.join(bare, 'index'))).rejects.toThrow();
  });

  it('names the initiator as author and the scaffolder as committer', async () => {
    const outputs = await run(
      { repoName: 'payments', sourcePath: 'app' },
      { user: USER },
    );
    const bare = path.join(root, 'payments.git');
    expect(
      git(
        bare,
        'log',
        '-1',
        '--format=%an <%ae>|%cn <%ce>',
        outputs.commitHash,
      ),
    ).toBe(
      'Guest Developer <guest@example.com>|Slipway Scaffolder <scaffolder@slipway.dev>',
    );
  });

  it('falls back to the scaffolder as author without a user entity', async () => {
    const outputs = await run({ repoName: 'payments', sourcePath: 'app' });
    expect(
      git(
        path.join(root, 'payments.git'),
        'log',
        '-1',
        '--format=%an <%ae>',
        outputs.commitHash,
      ),
    ).toBe('Slipway Scaffolder <scaffolder@slipway.dev>');
  });

  it('publishes the whole workspace on another branch', async () => {
    const outputs = await run({ repoName: 'mono', defaultBranch: 'trunk' });
    const bare = path.join(root, 'mono.git');
    expect(git(bare, 'symbolic-ref', 'HEAD')).toBe('refs/heads/trunk');
    expect(outputs.repoContentsUrl).toBe(`${outputs.remoteUrl}#trunk`);
    expect(git(clone(outputs.remoteUrl), 'ls-files').split('\n')).toEqual(
      expect.arrayContaining(['app/README.md', 'config/kustomization.yaml']),
    );
  });

  it("copies the catalog descriptor to where the portal's catalog reads it", async () => {
    const outputs = await run({
      repoName: 'payments',
      sourcePath: 'app',
      catalogInfoPath: 'catalog-info.yaml',
    });
    const copied = path.join(root, 'catalog', 'payments.yaml');
    expect(outputs.catalogInfoFile).toBe(copied);
    expect(await fs.readFile(copied, 'utf8')).toBe('kind: Component\n');
  });

  it('creates the publish root when it does not exist yet', async () => {
    const nested = path.join(temp, 'a', 'b');
    await run(
      { repoName: 'payments', sourcePath: 'app' },
      { localPublishRoot: nested },
    );
    expect(
      git(path.join(nested, 'payments.git'), 'rev-list', '--count', 'HEAD'),
    ).toBe('1');
  });

  it('publishes once when a retried task runs the step again', async () => {
    const store = checkpointStore();
    const first = await run(
      { repoName: 'payments', sourcePath: 'app' },
      { checkpoint: store.checkpoint },
    );
    const second = await run(
      { repoName: 'payments', sourcePath: 'app' },
      { checkpoint: store.checkpoint },
    );
    expect(second).toEqual(first);
    expect(store.calls).toEqual([
      'publish.local.payments',
      'publish.local.payments',
    ]);
    expect(
      git(path.join(root, 'payments.git'), 'rev-list', '--count', 'HEAD'),
    ).toBe('1');
  });

  describe('a config repo from gitops:config:generate', () => {
    const configRepoUrl = 'https://git.example.com/acme/payments-config.git';
    const config = readGitOpsConfig(
      new ConfigReader({
        gitops: {
          environments: [
            { name: 'dev', cluster: 'dev-cluster' },
            {
              name: 'staging',
              cluster: 'dev-cluster',
              engine: 'argocd',
              sync: { automated: true, prune: true, selfHeal: true },
            },
            {
              name: 'production',
              cluster: 'prod-cluster',
              engine: 'flux',
              sync: { prune: true },
            },
          ],
        },
      }),
    );

    /** The YAML documents of a file at the tip of a branch of a bare repository. */
    function documentsAt(bare: string, ref: string, file: string) {
      return parseAllDocuments(git(bare, 'show', `${ref}:${file}`)).map(
        document => {
          expect(document.errors).toEqual([]);
          return document.toJS();
        },
      );
    }

    it("carries the Argo CD and Flux environments' objects in its first commit", async () => {
      const generate = createGenerateConfigAction({ config });
      const generateContext = createMockActionContext({
        input: {
          name: 'payments',
          image: 'ghcr.io/acme/payments',
          tag: '1.0.0',
          outputPath: 'payments-config',
          targetPath: 'apps/payments',
          configRepoUrl,
        } as any,
        workspacePath,
      });
      await generate.handler(generateContext as any);
      const generated = Object.fromEntries(
        (generateContext.output as jest.Mock).mock.calls,
      );

      const outputs = await run({
        repoName: 'payments-config',
        sourcePath: 'payments-config',
      });
      const bare = path.join(root, 'payments-config.git');
      const tree = git(bare, 'ls-tree', '-r', '--name-only', 'main').split(
        '\n',
      );
      expect(tree).toEqual(generated.files);
      expect(tree).toEqual(
        expect.arrayContaining([
          'argocd/applications/payments-staging.yaml',
          'flux/production/payments.yaml',
        ]),
      );
      expect(tree.filter(file => file.includes('dev'))).toEqual([
        'apps/payments/envs/dev/kustomization.yaml',
        'apps/payments/envs/dev/namespace.yaml',
      ]);

      expect(
        documentsAt(
          bare,
          outputs.commitHash,
          'argocd/applications/payments-staging.yaml',
        ),
      ).toEqual([
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'payments-staging', namespace: 'argocd' },
          spec: {
            project: 'default',
            source: {
              repoURL: configRepoUrl,
              targetRevision: 'main',
              path: 'apps/payments/envs/staging',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'payments-staging',
            },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=true'],
            },
          },
        },
      ]);
      expect(
        documentsAt(bare, outputs.commitHash, 'flux/production/payments.yaml'),
      ).toEqual([
        {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name: 'payments-production', namespace: 'flux-system' },
          spec: {
            interval: '1m',
            url: configRepoUrl,
            ref: { branch: 'main' },
          },
        },
        {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata: { name: 'payments-production', namespace: 'flux-system' },
          spec: {
            interval: '5m',
            sourceRef: { kind: 'GitRepository', name: 'payments-production' },
            path: './apps/payments/envs/production',
            prune: true,
            wait: true,
          },
        },
      ]);
      // What each engine applies is an overlay of the same commit.
      expect(tree).toEqual(
        expect.arrayContaining([
          'apps/payments/envs/staging/kustomization.yaml',
          'apps/payments/envs/production/kustomization.yaml',
        ]),
      );
      expect(generated.annotations).toMatchObject({
        'slipway.dev/argocd-app': 'payments-{environment}',
        'slipway.dev/flux-kustomization': 'flux-system/payments-{environment}',
      });
    });
  });

  describe('refuses', () => {
    it('when the portal configures no local publish root', async () => {
      const promise = run(
        { repoName: 'payments', sourcePath: 'app' },
        { localPublishRoot: null },
      );
      await expect(promise).rejects.toMatchObject({
        name: 'InputError',
        message:
          'local publishing is not configured: set gitops.scaffolder.localPublishRoot',
      });
    });

    it('a repository that already exists, and leaves it as it was', async () => {
      const first = await run({ repoName: 'payments', sourcePath: 'app' });
      const promise = run({ repoName: 'payments', sourcePath: 'config' });
      await expect(promise).rejects.toMatchObject({ name: 'ConflictError' });
      await expect(promise).rejects.toThrow(
        `A repository named "payments" already exists in the local publish root (${first.remoteUrl}); choose another name`,
      );
      expect(git(path.join(root, 'payments.git'), 'rev-parse', 'HEAD')).toBe(
        first.commitHash,
      );
    });

    it.each([
      ['../escape'],
      ['a/b'],
      ['.hidden'],
      ['-option'],
      ['has space'],
      [''],
      ['x'.repeat(101)],
    ])('the repository name %j', async repoName => {
      const promise = run({ repoName, sourcePath: 'app' });
      await expect(promise).rejects.toMatchObject({ name: 'InputError' });
      await expect(promise).rejects.toThrow(
        `repoName "${repoName}" is not a valid repository name`,
      );
      await expect(fs.readdir(root)).rejects.toThrow();
    });

    it('a repository name ending in .git', async () => {
      await expect(
        run({ repoName: 'payments.git', sourcePath: 'app' }),
      ).rejects.toThrow(
        'repoName "payments.git" ends with ".git"; give the name without it',
      );
    });

    it.each([['bad..branch'], ['-b'], ['with space'], ['ends.lock']])(
      'the branch name %j',
      async defaultBranch => {
        await expect(
          run({ repoName: 'payments', sourcePath: 'app', defaultBranch }),
        ).rejects.toThrow(
          `defaultBranch "${defaultBranch}" is not a valid branch name`,
        );
        await expect(fs.readdir(root)).rejects.toThrow();
      },
    );

    it.each([
      ['../outside', 'sourcePath "../outside" leaves the workspace'],
      ['missing', 'sourcePath "missing" is not a folder in the workspace'],
      [
        'app/README.md',
        'sourcePath "app/README.md" is not a folder in the workspace',
      ],
    ])('the source path %j', async (sourcePath, message) => {
      await expect(run({ repoName: 'payments', sourcePath })).rejects.toThrow(
        message,
      );
    });

    it('an empty source folder', async () => {
      await fs.mkdir(path.join(workspacePath, 'empty'));
      await expect(
        run({ repoName: 'payments', sourcePath: 'empty' }),
      ).rejects.toThrow(
        'sourcePath "empty" is empty; there is nothing to publish',
      );
    });

    it('a catalog descriptor that is not there', async () => {
      await expect(
        run({
          repoName: 'payments',
          sourcePath: 'config',
          catalogInfoPath: 'catalog-info.yaml',
        }),
      ).rejects.toThrow(
        'catalogInfoPath "catalog-info.yaml" is not a file in sourcePath "config"',
      );
      await expect(fs.readdir(root)).rejects.toThrow();
    });
  });
});
