import { PushEvent } from './PushEvent';
import {
  WebhookApplication,
  selectAffectedApplications,
} from './selectAffectedApplications';

const push = (overrides: Partial<PushEvent> = {}): PushEvent => ({
  provider: 'github',
  repositoryUrls: [
    'https://github.com/Acme/config.git',
    'git@github.com:Acme/config.git',
  ],
  branch: 'main',
  defaultBranch: 'main',
  after: 'a'.repeat(40),
  changedPaths: [],
  complete: true,
  ...overrides,
});

const application = (
  entityRef: string,
  configRepo: Partial<WebhookApplication['configRepo']> = {},
  overlayPaths?: string[],
): WebhookApplication => {
  const path = configRepo.path ?? `apps/${entityRef}`;
  return {
    entityRef,
    configRepo: { url: 'https://github.com/acme/config', path, ...configRepo },
    environments: (
      overlayPaths ?? ['dev', 'staging'].map(env => `${path}/envs/${env}`)
    ).map(overlayPath => ({ overlayPath })),
  };
};

const payments = application('payments');
const orders = application('orders');
const rootApp = application('root', { path: '.' }, ['envs/dev']);
const outside = application('outside', { path: 'apps/outside' }, [
  'overlays/outside/dev',
]);
const releaseBranch = application('release', {
  path: 'apps/release',
  branch: 'release/2026-01',
});
const pinnedMain = application('pinned', {
  path: 'apps/pinned',
  branch: 'main',
});
const elsewhere = application('elsewhere', {
  url: 'git@github.com:acme/other-config.git',
  path: 'apps/payments',
});
const broken = application('broken', { url: 'not a url', path: 'apps/broken' });

const all = [
  payments,
  orders,
  rootApp,
  outside,
  releaseBranch,
  pinnedMain,
  elsewhere,
  broken,
];

const refs = (apps: WebhookApplication[]) => apps.map(app => app.entityRef);

describe('selectAffectedApplications', () => {
  it.each<[string, Partial<PushEvent>, string[]]>([
    [
      'a file in the overlay',
      { changedPaths: ['apps/payments/envs/dev/kustomization.yaml'] },
      ['payments', 'root'],
    ],
    [
      'a file in the base',
      { changedPaths: ['apps/orders/base/deployment.yaml'] },
      ['orders', 'root'],
    ],
    [
      'a file directly in the config path',
      { changedPaths: ['apps/payments/README.md'] },
      ['payments', 'root'],
    ],
    [
      'a folder name that only shares a prefix',
      { changedPaths: ['apps/payments-v2/base/deployment.yaml'] },
      ['root'],
    ],
    [
      'the base two levels above an overlay outside the config path',
      { changedPaths: ['overlays/base/service.yaml'] },
      ['root', 'outside'],
    ],
    [
      'an overlay outside the config path',
      { changedPaths: ['overlays/outside/dev/kustomization.yaml'] },
      ['root', 'outside'],
    ],
    [
      'a file outside every application',
      { changedPaths: ['docs/x.md'] },
      ['root'],
    ],
    ['nothing', { changedPaths: [] }, []],
    [
      'paths with ./ and slashes',
      { changedPaths: ['./apps//orders/envs/dev/'] },
      ['orders', 'root'],
    ],
    [
      'a push to another branch',
      {
        branch: 'feature/x',
        changedPaths: ['apps/payments/envs/dev/kustomization.yaml'],
      },
      [],
    ],
    [
      'a push to the tracked non-default branch',
      {
        branch: 'release/2026-01',
        changedPaths: ['apps/release/envs/dev/kustomization.yaml'],
      },
      ['release'],
    ],
    [
      'a push whose default branch is not known',
      {
        defaultBranch: undefined,
        changedPaths: ['apps/payments/envs/dev/kustomization.yaml'],
      },
      ['payments', 'root'],
    ],
    [
      'an incomplete push',
      { changedPaths: ['docs/x.md'], complete: false },
      ['payments', 'orders', 'root', 'outside', 'pinned'],
    ],
    [
      'an incomplete push to another branch',
      { branch: 'release/2026-01', complete: false },
      ['release'],
    ],
    [
      'a push to another repository',
      {
        repositoryUrls: ['https://github.com/acme/other-config'],
        changedPaths: ['apps/payments/envs/dev/kustomization.yaml'],
      },
      ['elsewhere'],
    ],
    [
      'a push to a GitLab project of the same path',
      {
        provider: 'gitlab',
        repositoryUrls: ['https://gitlab.com/acme/config.git'],
        complete: false,
      },
      [],
    ],
  ])('selects on %s', (_, overrides, expected) => {
    expect(refs(selectAffectedApplications(push(overrides), all))).toEqual(
      expected,
    );
  });

  it('matches the pinned branch when it is the pushed branch', () => {
    expect(
      refs(
        selectAffectedApplications(
          push({
            defaultBranch: 'trunk',
            changedPaths: ['apps/pinned/base/x.yaml'],
          }),
          all,
        ),
      ),
    ).toEqual(['pinned']);
  });

  it('matches a file:// config repo by path', () => {
    const local = application('local', {
      url: 'file:///srv/git/config.git',
      path: 'apps/local',
    });
    expect(
      refs(
        selectAffectedApplications(
          push({
            repositoryUrls: ['/srv/git/config'],
            changedPaths: ['apps/local/envs/dev/kustomization.yaml'],
          }),
          [local, payments],
        ),
      ),
    ).toEqual(['local']);
  });
});
