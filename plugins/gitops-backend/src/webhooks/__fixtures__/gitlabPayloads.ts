/**
 * GitLab webhook payloads written after GitLab's documented push and tag push
 * events, trimmed of fields Slipway never reads but keeping their shape.
 */

const PROJECT = {
  id: 42,
  name: 'Payments Config',
  description: 'Kubernetes manifests for payments',
  web_url: 'https://gitlab.acme.example/Platform/Payments-Config',
  avatar_url: null,
  git_ssh_url: 'git@gitlab.acme.example:Platform/Payments-Config.git',
  git_http_url: 'https://gitlab.acme.example/Platform/Payments-Config.git',
  namespace: 'Platform',
  visibility_level: 10,
  path_with_namespace: 'platform/payments-config',
  default_branch: 'main',
  ci_config_path: null,
  homepage: 'https://gitlab.acme.example/Platform/Payments-Config',
  url: 'git@gitlab.acme.example:Platform/Payments-Config.git',
  ssh_url: 'git@gitlab.acme.example:Platform/Payments-Config.git',
  http_url: 'https://gitlab.acme.example/Platform/Payments-Config.git',
};

const REPOSITORY = {
  name: 'Payments Config',
  url: 'git@gitlab.acme.example:Platform/Payments-Config.git',
  description: 'Kubernetes manifests for payments',
  homepage: 'https://gitlab.acme.example/Platform/Payments-Config',
  git_http_url: 'https://gitlab.acme.example/Platform/Payments-Config.git',
  git_ssh_url: 'git@gitlab.acme.example:Platform/Payments-Config.git',
  visibility_level: 10,
};

export const GITLAB_AFTER = 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7';
const BEFORE = '95790bf891e76fee5e1747ab589903a6a1f80f22';

/** One entry of a push's `commits` array. */
export function gitlabCommit(
  id: string,
  files: { added?: string[]; modified?: string[]; removed?: string[] },
) {
  return {
    id,
    message: `Promote payments to staging\n\nSlipway-Operation: ${id.slice(
      0,
      8,
    )}`,
    title: 'Promote payments to staging',
    timestamp: '2026-01-01T00:00:00+00:00',
    url: `https://gitlab.acme.example/Platform/Payments-Config/-/commit/${id}`,
    author: { name: 'Release Bot', email: '[REDACTED]' },
    added: files.added ?? [],
    modified: files.modified ?? [],
    removed: files.removed ?? [],
  };
}

const COMMITS = [
  gitlabCommit(BEFORE.replace(/^9/, 'a'), {
    modified: ['apps/payments/envs/staging/kustomization.yaml'],
  }),
  gitlabCommit(GITLAB_AFTER, {
    added: ['apps/payments/base/pdb.yaml'],
    removed: ['apps/payments/base/hpa.yaml'],
    modified: ['apps/payments/envs/staging/kustomization.yaml'],
  }),
];

/** Two commits to `main` that add, modify and remove files. */
export const gitlabPush = {
  object_kind: 'push',
  event_name: 'push',
  before: BEFORE,
  after: GITLAB_AFTER,
  ref: 'refs/heads/main',
  ref_protected: true,
  checkout_sha: GITLAB_AFTER,
  message: null,
  user_id: 4,
  user_name: 'Release Bot',
  user_username: 'release-bot',
  user_email: '',
  user_avatar: null,
  project_id: 42,
  project: PROJECT,
  commits: COMMITS,
  total_commits_count: 2,
  push_options: {},
  repository: REPOSITORY,
};

/** GitLab lists at most 20 commits and counts the rest in `total_commits_count`. */
export const gitlabTruncatedPush = {
  ...gitlabPush,
  commits: Array.from({ length: 20 }, (_, index) =>
    gitlabCommit(index.toString(16).padStart(40, 'b'), {
      modified: [`apps/service-${index}/envs/dev/kustomization.yaml`],
    }),
  ),
  total_commits_count: 27,
};

/** A new branch: `before` is all zeros. */
export const gitlabBranchCreation = {
  ...gitlabPush,
  ref: 'refs/heads/release/2026-01',
  before: '0000000000000000000000000000000000000000',
};

export const gitlabTagPush = {
  ...gitlabPush,
  object_kind: 'tag_push',
  event_name: 'tag_push',
  ref: 'refs/tags/v1.4.0',
  before: '0000000000000000000000000000000000000000',
  commits: [],
  total_commits_count: 0,
};

/** A deleted branch: `after` is all zeros and there is nothing to check out. */
export const gitlabBranchDeletion = {
  ...gitlabPush,
  ref: 'refs/heads/feature/old-overlay',
  before: GITLAB_AFTER,
  after: '0000000000000000000000000000000000000000',
  checkout_sha: null,
  commits: [],
  total_commits_count: 0,
};

export const gitlabMergeRequest = {
  object_kind: 'merge_request',
  event_type: 'merge_request',
  project: PROJECT,
  object_attributes: { iid: 7, state: 'opened', target_branch: 'main' },
};
