import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  gitopsPullRequestProvidersExtensionPoint,
  OpenPullRequestRequest,
  PullRequestProvider,
} from '@slipway/plugin-gitops-node';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import {
  createLocalRepository,
  LocalTestRepository,
  testGit,
} from '../__testUtils__';

const IMAGE = 'ghcr.io/acme/payments';
const overlay = (tag: string) =>
  `resources:\n  - ../../base\nimages:\n  - name: ${IMAGE}\n    newTag: "${tag}"\n`;

/** A provider for file:// repositories that records what it is asked to open. */
function fakeLocalProvider() {
  const opened: OpenPullRequestRequest[] = [];
  const provider: PullRequestProvider = {
    id: 'fake-local',
    supports: repoUrl => repoUrl.startsWith('file://'),
    async openPullRequest(openRequest) {
      opened.push(openRequest);
      return {
        url: `http://pulls.test/${opened.length}`,
        number: opened.length,
        provider: 'fake-local',
      };
    },
    async getPullRequest(_repoUrl, number) {
      return { state: 'open', url: `http://pulls.test/${number}` };
    },
    async findOpenPullRequest() {
      return undefined;
    },
  };
  return { provider, opened };
}

describe('gitopsPullRequestProvidersExtensionPoint', () => {
  let repo: LocalTestRepository;
  let cacheDir: string;

  beforeEach(async () => {
    repo = await createLocalRepository({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments\nspec:\n  template:\n    spec:\n      containers:\n        - name: payments\n          image: ${IMAGE}:0.0.1\n`,
      'envs/production/kustomization.yaml': overlay('1.0.0'),
    });
    cacheDir = await fs.mkdtemp(join(tmpdir(), 'slipway-pr-ext-cache-'));
  });

  afterEach(async () => {
    await repo.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it("opens the pull request of a pull-request environment through a module's provider", async () => {
    const fake = fakeLocalProvider();
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        createBackendModule({
          pluginId: 'gitops',
          moduleId: 'test-pull-requests',
          register(env) {
            env.registerInit({
              deps: { providers: gitopsPullRequestProvidersExtensionPoint },
              async init({ providers }) {
                providers.addPullRequestProvider(fake.provider);
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              cacheDir,
              git: { allowFileUrls: true },
              environments: [
                {
                  name: 'production',
                  cluster: 'prod-cluster',
                  changes: 'pull-request',
                },
              ],
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments',
                namespace: 'default',
                annotations: {
                  'slipway.dev/config-repo': repo.url,
                  'slipway.dev/config-branch': 'main',
                  'slipway.dev/image': IMAGE,
                },
              },
              spec: {
                type: 'service',
                owner: 'team-a',
                lifecycle: 'production',
              },
            },
          ],
        }),
      ],
    });
    const mainBefore = await testGit(['rev-parse', 'main'], {
      cwd: repo.path,
    });

    const deployed = await request(server)
      .post('/api/gitops/entities/component/default/payments/deploy')
      .set('Authorization', mockCredentials.user.header())
      .send({ environment: 'production', version: '1.1.0' });

    expect(deployed.status).toBe(201);
    expect(deployed.body.operation).toMatchObject({
      state: 'succeeded',
      pullRequestUrl: 'http://pulls.test/1',
      message: 'Pull request #1 opened',
    });
    expect(fake.opened).toEqual([
      expect.objectContaining({
        repoUrl: repo.url,
        sourceBranch: expect.stringMatching(/^slipway\/deploy-production-/),
        targetBranch: 'main',
        title: expect.stringContaining('1.1.0'),
      }),
    ]);
    // The change waits on its branch; main is untouched until someone merges.
    const branchHead = await testGit(
      ['rev-parse', `refs/heads/${fake.opened[0].sourceBranch}`],
      { cwd: repo.path },
    );
    expect(branchHead.trim()).toBe(deployed.body.operation.revision);
    expect(await testGit(['rev-parse', 'main'], { cwd: repo.path })).toBe(
      mainBefore,
    );
  });
});
