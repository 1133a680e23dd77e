import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  gitopsPullRequestProvidersExtensionPoint,
  PullRequestProvider,
} from '@slipway/plugin-gitops-node';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import demoPullRequestsModule from './demoPullRequests';
import demoPullRequestsPlugin from './demoPullRequestsPlugin';
import { DemoPullRequestHost } from './demoPullRequestHost';

const PAGES = '/api/slipway-demo-pull-requests';
const BRANCH = 'slipway/deploy-production-1a2b3c4d';
/** The page's URL on the test backend's own port, as discovery reports it. */
const pageUrl = (n: number) =>
  expect.stringMatching(new RegExp(`^http://localhost:\\d+${PAGES}/${n}$`));
const overlay = (tag: string) =>
  `resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/payments\n    newTag: "${tag}"\n`;

/** git with a fixed identity and no user or system configuration. */
function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        env: {
          ...Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')),
          ),
          GIT_AUTHOR_NAME: 'Dana Deployer',
          GIT_AUTHOR_EMAIL: 'dana@example.com',
          GIT_COMMITTER_NAME: 'Dana Deployer',
          GIT_COMMITTER_EMAIL: 'dana@example.com',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: devNull,
        },
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`git ${args.join(' ')}: ${stderr}`))
          : resolve(stdout.trim()),
    );
  });
}

describe('demo pull requests', () => {
  let root: string;
  let reposDir: string;
  let bare: string;
  let work: string;
  let repoUrl: string;

  /** Commits files in the clone and pushes them to `branch` of the bare repo. */
  async function pushCommit(
    branch: string,
    files: Record<string, string>,
    message: string,
  ) {
    await git(['checkout', '--quiet', '-B', branch], work);
    for (const [path, content] of Object.entries(files)) {
      await fs.mkdir(dirname(join(work, path)), { recursive: true });
      await fs.writeFile(join(work, path), content);
    }
    await git(['add', '--all'], work);
    await git(['commit', '--quiet', '-m', message], work);
    await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], work);
    return git(['rev-parse', 'HEAD'], work);
  }

  const revParse = (ref: string) => git(['rev-parse', ref], bare);

  beforeEach(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'slipway-demo-prs-'));
    reposDir = join(root, 'repos');
    bare = join(reposDir, 'payments-config.git');
    work = join(root, 'work');
    await git(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    await git(['clone', '--quiet', bare, work]);
    await pushCommit(
      'main',
      {
        'envs/production/kustomization.yaml': overlay('1.0.0'),
        'README.md': 'payments config\n',
      },
      'Initial commit',
    );
    repoUrl = pathToFileURL(bare).href;
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  /** The demo module and plugin, with a stand-in gitops plugin that collects providers. */
  async function startBackend(enabled = true) {
    const providers: PullRequestProvider[] = [];
    const { server } = await startTestBackend({
      features: [
        createBackendPlugin({
          pluginId: 'gitops',
          register(env) {
            env.registerExtensionPoint(
              gitopsPullRequestProvidersExtensionPoint,
              { addPullRequestProvider: p => providers.push(p) },
            );
            env.registerInit({ deps: {}, async init() {} });
          },
        }),
        demoPullRequestsModule,
        demoPullRequestsPlugin,
        mockServices.rootConfig.factory({
          data: { slipwayDemo: { pullRequests: { enabled, reposDir } } },
        }),
      ],
    });
    return { server, providers };
  }

  async function openDeployPullRequest(
    title = 'Deploy payments 1.1.0 to production',
  ) {
    const { server, providers } = await startBackend();
    expect(providers).toHaveLength(1);
    const [provider] = providers;
    const branchCommit = await pushCommit(
      BRANCH,
      { 'envs/production/kustomization.yaml': overlay('1.1.0') },
      `${title}\n\nSlipway-Operation: op-1`,
    );
    const opened = await provider.openPullRequest({
      repoUrl,
      sourceBranch: BRANCH,
      targetBranch: 'main',
      title,
      body: 'Version `1.0.0` → `1.1.0`',
    });
    return { server, provider, opened, branchCommit };
  }

  it('opens a pull request for a pushed branch, finds it by branch and reports it open', async () => {
    const { provider, opened } = await openDeployPullRequest();

    expect(opened).toEqual({
      url: pageUrl(1),
      number: 1,
      provider: 'slipway-demo',
    });
    await expect(
      provider.findOpenPullRequest(repoUrl, BRANCH),
    ).resolves.toEqual(opened);
    await expect(
      provider.findOpenPullRequest(repoUrl, 'slipway/other'),
    ).resolves.toBeUndefined();
    await expect(provider.getPullRequest(repoUrl, 1)).resolves.toEqual({
      state: 'open',
      url: opened.url,
    });
    // A retry after a crash gets the same pull request, not a second one.
    await expect(
      provider.openPullRequest({
        repoUrl,
        sourceBranch: BRANCH,
        targetBranch: 'main',
        title: 'again',
        body: '',
      }),
    ).resolves.toEqual(opened);
    const stored = JSON.parse(
      await fs.readFile(join(root, 'pull-requests.json'), 'utf8'),
    );
    expect(stored.pullRequests).toEqual([
      expect.objectContaining({
        number: 1,
        sourceBranch: BRANCH,
        state: 'open',
      }),
    ]);
  });

  it('supports only file:// repositories inside the demo repos folder', async () => {
    const { providers } = await startBackend();
    const [provider] = providers;
    expect(provider.supports(repoUrl)).toBe(true);
    expect(provider.supports('https://github.com/acme/payments-config')).toBe(
      false,
    );
    expect(provider.supports('git@github.com:acme/payments-config.git')).toBe(
      false,
    );
    expect(provider.supports(pathToFileURL(join(root, 'other.git')).href)).toBe(
      false,
    );
    expect(provider.supports(`${pathToFileURL(reposDir).href}/../x.git`)).toBe(
      false,
    );
    expect(provider.supports(pathToFileURL(reposDir).href)).toBe(false);
    await expect(
      provider.openPullRequest({
        repoUrl: 'https://github.com/acme/payments-config',
        sourceBranch: BRANCH,
        targetBranch: 'main',
        title: 't',
        body: '',
      }),
    ).rejects.toThrow(/not a repository of the demo's local Git host/);
  });

  it('refuses to open a pull request for a branch that was never pushed', async () => {
    const { providers } = await startBackend();
    await expect(
      providers[0].openPullRequest({
        repoUrl,
        sourceBranch: 'slipway/missing',
        targetBranch: 'main',
        title: 't',
        body: '',
      }),
    ).rejects.toThrow('Branch "slipway/missing" does not exist');
  });

  it('serves an escaped page with the diff, and merges through the Merge form', async () => {
    const { server, provider, branchCommit } = await openDeployPullRequest(
      'Deploy <payments> 1.1.0 & more',
    );

    const page = await request(server).get(`${PAGES}/1`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['content-security-policy']).toContain(
      "form-action 'self'",
    );
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('#1 Deploy &lt;payments&gt; 1.1.0 &amp; more');
    expect(page.text).not.toContain('<payments>');
    expect(page.text).toContain(BRANCH);
    expect(page.text).toContain('-    newTag: &quot;1.0.0&quot;');
    expect(page.text).toContain('+    newTag: &quot;1.1.0&quot;');
    expect(page.text).toContain(`action="${PAGES}/1/merge"`);
    expect(page.text).toContain(`action="${PAGES}/1/close"`);
    expect(page.text).toContain('<code>payments-config.git</code>');
    expect(page.text).not.toContain(root);

    const merged = await request(server).post(`${PAGES}/1/merge`);
    expect(merged.status).toBe(303);
    expect(merged.headers.location).toBe(`${PAGES}/1`);
    // main had not moved: a fast-forward, so main is the branch's own commit.
    expect(await revParse('main')).toBe(branchCommit);
    await expect(provider.getPullRequest(repoUrl, 1)).resolves.toEqual({
      state: 'merged',
      url: pageUrl(1),
      mergedCommitSha: branchCommit,
    });
    await expect(
      provider.findOpenPullRequest(repoUrl, BRANCH),
    ).resolves.toBeUndefined();

    const after = await request(server).get(`${PAGES}/1`);
    expect(after.text).toContain('Merged');
    expect(after.text).toContain('+    newTag: &quot;1.1.0&quot;');
    expect(after.text).not.toContain('/merge"');

    const again = await request(server).post(`${PAGES}/1/merge`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('Pull request #1 is already merged');
    const close = await request(server).post(`${PAGES}/1/close`);
    expect(close.status).toBe(409);
    expect(await revParse('main')).toBe(branchCommit);

    // The pull requests live next to the repos, so a restarted backend still has them.
    const restarted = new DemoPullRequestHost({ enabled: true, reposDir });
    await expect(restarted.get(1)).resolves.toMatchObject({
      state: 'merged',
      mergedCommitSha: branchCommit,
    });
  });

  it('replays the branch commit on main when main has moved, keeping history linear', async () => {
    const { server, branchCommit } = await openDeployPullRequest();
    await git(['checkout', '--quiet', 'main'], work);
    await git(['reset', '--quiet', '--hard', 'origin/main'], work);
    const moved = await pushCommit(
      'main',
      { 'README.md': 'payments config, edited meanwhile\n' },
      'Edit the README',
    );

    const merged = await request(server).post(`${PAGES}/1/merge`);
    expect(merged.status).toBe(303);

    const head = await revParse('main');
    expect(await git(['rev-list', '--parents', '-n', '1', head], bare)).toBe(
      `${head} ${moved}`,
    );
    // The replayed commit keeps the message (with its trailer) and the author.
    const described = (commit: string) =>
      git(['log', '-1', '--format=%B%an <%ae> %ad', commit], bare);
    expect(await described(head)).toBe(await described(branchCommit));
    expect(
      await git(['show', `${head}:envs/production/kustomization.yaml`], bare),
    ).toContain('newTag: "1.1.0"');
    expect(await git(['show', `${head}:README.md`], bare)).toBe(
      'payments config, edited meanwhile',
    );
  });

  it('makes a merge commit for a branch of several commits when main has moved', async () => {
    const { server, branchCommit } = await openDeployPullRequest();
    const second = await pushCommit(
      BRANCH,
      { 'envs/production/extra.yaml': 'kind: ConfigMap\n' },
      'Add a config map',
    );
    await git(['checkout', '--quiet', 'main'], work);
    await git(['reset', '--quiet', '--hard', 'origin/main'], work);
    const moved = await pushCommit(
      'main',
      { 'README.md': 'edited\n' },
      'Edit the README',
    );

    expect((await request(server).post(`${PAGES}/1/merge`)).status).toBe(303);

    const head = await revParse('main');
    expect(await git(['rev-list', '--parents', '-n', '1', head], bare)).toBe(
      `${head} ${moved} ${second}`,
    );
    await git(['merge-base', '--is-ancestor', branchCommit, 'main'], bare);
  });

  it('refuses a conflicting merge with 409 and leaves the pull request open', async () => {
    const { server, provider } = await openDeployPullRequest();
    await git(['checkout', '--quiet', 'main'], work);
    await git(['reset', '--quiet', '--hard', 'origin/main'], work);
    const moved = await pushCommit(
      'main',
      { 'envs/production/kustomization.yaml': overlay('1.0.5') },
      'Hotfix',
    );

    const merged = await request(server).post(`${PAGES}/1/merge`);
    expect(merged.status).toBe(409);
    expect(merged.text).toContain('conflicts with main');
    expect(await revParse('main')).toBe(moved);
    await expect(provider.getPullRequest(repoUrl, 1)).resolves.toMatchObject({
      state: 'open',
    });
  });

  it('closes a pull request without merging it', async () => {
    const { server, provider } = await openDeployPullRequest();
    const mainBefore = await revParse('main');

    const closed = await request(server).post(`${PAGES}/1/close`);
    expect(closed.status).toBe(303);
    await expect(provider.getPullRequest(repoUrl, 1)).resolves.toMatchObject({
      state: 'closed',
    });
    expect(await revParse('main')).toBe(mainBefore);
    expect((await request(server).post(`${PAGES}/1/merge`)).status).toBe(409);
  });

  it('answers 400 for a number that is not a positive integer and 404 for an unknown one', async () => {
    const { server } = await openDeployPullRequest();
    for (const bad of ['abc', '0', '1.5', '-1', '01', '1e3', '..%2F..%2Fetc']) {
      const page = await request(server).get(`${PAGES}/${bad}`);
      expect(page.status).toBe(400);
      expect(page.body.error.name).toBe('InputError');
      expect((await request(server).post(`${PAGES}/${bad}/merge`)).status).toBe(
        400,
      );
    }
    const missing = await request(server).post(`${PAGES}/99/merge`);
    expect(missing.status).toBe(404);
  });

  it('adds nothing and serves nothing unless enabled', async () => {
    const { server, providers } = await startBackend(false);
    expect(providers).toEqual([]);
    expect((await request(server).get(`${PAGES}/1`)).status).toBe(404);
  });
});
