/**
 * GitHub webhook payloads written after GitHub's documented `push` and `ping`
 * examples, trimmed of fields Slipway never reads but keeping their shape.
 */

const REPOSITORY = {
  id: 618123456,
  node_id: 'R_kgDOJNfYwA',
  name: 'payments-config',
  full_name: 'Acme/payments-config',
  private: true,
  owner: { name: 'Acme', login: 'Acme', id: 4216001, type: 'Organization' },
  html_url: 'https://github.com/Acme/payments-config',
  url: 'https://github.com/Acme/payments-config',
  git_url: 'git://github.com/Acme/payments-config.git',
  ssh_url: 'git@github.com:Acme/payments-config.git',
  clone_url: 'https://github.com/Acme/payments-config.git',
  svn_url: 'https://github.com/Acme/payments-config',
  default_branch: 'main',
  master_branch: 'main',
  pushed_at: 1767225600,
};

const SENDER = {
  login: 'release-bot',
  id: 9910023,
  type: 'Bot',
  site_admin: false,
};

export const GITHUB_AFTER = '8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a';
const BEFORE = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';

/** One entry of a push's `commits` array. */
export function githubCommit(
  id: string,
  files: { added?: string[]; modified?: string[]; removed?: string[] },
) {
  return {
    id,
    tree_id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5',
    distinct: true,
    message: `Deploy payments ${id.slice(0, 7)}`,
    timestamp: '2026-01-01T00:00:00Z',
    url: `https://github.com/Acme/payments-config/commit/${id}`,
    author: {
      name: 'Release Bot',
      email: 'release-bot@acme.example',
      username: 'release-bot',
    },
    committer: {
      name: 'GitHub',
      email: 'noreply@github.com',
      username: 'web-flow',
    },
    added: files.added ?? [],
    removed: files.removed ?? [],
    modified: files.modified ?? [],
  };
}

const COMMITS = [
  githubCommit('5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f', {
    added: ['apps/payments/envs/staging/patch.yaml'],
    modified: ['apps/payments/envs/dev/kustomization.yaml'],
  }),
  githubCommit(GITHUB_AFTER, {
    modified: ['apps/payments/envs/dev/kustomization.yaml'],
    removed: ['apps/payments/base/legacy-configmap.yaml'],
  }),
];

/** Two commits to `main` that add, modify and remove files. */
export const githubPush = {
  ref: 'refs/heads/main',
  before: BEFORE,
  after: GITHUB_AFTER,
  repository: REPOSITORY,
  pusher: { name: 'release-bot', email: 'release-bot@acme.example' },
  organization: { login: 'Acme', id: 4216001 },
  sender: SENDER,
  created: false,
  deleted: false,
  forced: false,
  base_ref: null,
  compare: `https://github.com/Acme/payments-config/compare/${BEFORE.slice(
    0,
    12,
  )}...${GITHUB_AFTER.slice(0, 12)}`,
  commits: COMMITS,
  head_commit: COMMITS[1],
};

/** A push whose `commits` GitHub cut at 20. */
export const githubTruncatedPush = {
  ...githubPush,
  commits: Array.from({ length: 20 }, (_, index) =>
    githubCommit(index.toString(16).padStart(40, 'a'), {
      modified: [`apps/service-${index}/envs/dev/kustomization.yaml`],
    }),
  ),
};

/** A force push: the commits do not describe what changed on the branch. */
export const githubForcedPush = { ...githubPush, forced: true };

/** A tag push: `ref` names a tag, and the branch it was made on is `base_ref`. */
export const githubTagPush = {
  ...githubPush,
  ref: 'refs/tags/v1.4.0',
  base_ref: 'refs/heads/main',
  created: true,
  before: '0000000000000000000000000000000000000000',
  commits: [],
};

/** A deleted branch: `after` is all zeros and nothing is listed. */
export const githubBranchDeletion = {
  ...githubPush,
  ref: 'refs/heads/feature/old-overlay',
  before: GITHUB_AFTER,
  after: '0000000000000000000000000000000000000000',
  deleted: true,
  compare:
    'https://github.com/Acme/payments-config/compare/8f3c2a1b9d7e...000000000000',
  commits: [],
  head_commit: null,
};

/** Sent once when the webhook is created. */
export const githubPing = {
  zen: 'Keep it logically awesome.',
  hook_id: 498877331,
  hook: {
    type: 'Repository',
    id: 498877331,
    name: 'web',
    active: true,
    events: ['push'],
    config: {
      content_type: 'json',
      insecure_ssl: '0',
      url: 'https://backstage.acme.example/api/gitops/webhooks/git',
    },
  },
  repository: REPOSITORY,
  sender: SENDER,
};
