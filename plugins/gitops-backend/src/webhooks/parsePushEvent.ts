import { isRecord } from '../health/readField';
import { PushEvent } from './PushEvent';
import { detectWebhookProvider } from './detectWebhookProvider';
import { WebhookHeaders, readHeader } from './readHeader';

/**
 * What a verified webhook asks for: a refresh after a branch push, nothing
 * (pings, tags, deletions, other events), or nothing because the payload is
 * not a push the host would send.
 *
 * @public
 */
export type ParsedWebhook =
  | { type: 'push'; push: PushEvent }
  | { type: 'ignored'; reason: string }
  | { type: 'invalid'; reason: string };

/**
 * GitHub documents that a push payload lists at most 20 commits (webhook
 * limits have moved over the years); at the limit the list may be cut, so an
 * exactly-full list is read as truncated: one refresh too many is cheap, a
 * missed one is not.
 */
const GITHUB_COMMIT_LIMIT = 20;

const BRANCH_PREFIX = 'refs/heads/';
const TAG_PREFIX = 'refs/tags/';
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
const ZERO_SHA = /^0+$/;
// Characters git refuses in ref names; refusing them here also keeps branch
// names safe to put in log lines and responses.
// eslint-disable-next-line no-control-regex
const INVALID_BRANCH = /[\x00-\x20\x7f~^:?*[\\]|\.\.|^\/|\/$/;

/**
 * Reads a GitHub or GitLab push webhook into a {@link PushEvent}. Pure: the
 * caller has already verified the signature and parsed the JSON body.
 *
 * The changed paths are the union of every listed commit's added, modified
 * and removed files. Where the payload cannot list them all, `complete` is
 * false: a cut commit list, a force push or a new branch (the commits then do
 * not describe the difference from what was deployed), or commits without
 * file lists.
 *
 * @public
 */
export function parsePushEvent(
  headers: WebhookHeaders,
  body: unknown,
): ParsedWebhook {
  const provider = detectWebhookProvider(headers);
  if (provider === 'github') {
    return parseGitHub(readHeader(headers, 'x-github-event') ?? '', body);
  }
  if (provider === 'gitlab') {
    return parseGitLab(readHeader(headers, 'x-gitlab-event') ?? '', body);
  }
  return {
    type: 'invalid',
    reason: 'Not a GitHub or GitLab webhook',
  };
}

function parseGitHub(event: string, body: unknown): ParsedWebhook {
  if (event === 'ping') {
    return { type: 'ignored', reason: 'GitHub ping event' };
  }
  if (event !== 'push') {
    return {
      type: 'ignored',
      reason: `GitHub "${printable(event)}" events do not trigger refreshes`,
    };
  }
  if (!isRecord(body)) {
    return invalid('GitHub push payload is not a JSON object');
  }
  const target = readBranchRef(body.ref, body.after, body.deleted === true);
  if (target.type !== 'branch') {
    return target.result;
  }
  const repository = isRecord(body.repository) ? body.repository : {};
  const repositoryUrls = stringsOf(repository, [
    'clone_url',
    'html_url',
    'ssh_url',
    'git_url',
  ]);
  if (repositoryUrls.length === 0) {
    return invalid('GitHub push payload names no repository URL');
  }
  const commits = readCommits(body.commits);
  const complete =
    commits.complete &&
    commits.count > 0 &&
    commits.count < GITHUB_COMMIT_LIMIT &&
    body.forced !== true &&
    body.created !== true &&
    !isZeroSha(body.before);
  return {
    type: 'push',
    push: {
      provider: 'github',
      repositoryUrls,
      branch: target.branch,
      defaultBranch: optionalString(repository.default_branch),
      after: target.after,
      changedPaths: commits.paths,
      complete,
    },
  };
}

function parseGitLab(event: string, body: unknown): ParsedWebhook {
  if (event === 'Tag Push Hook') {
    return { type: 'ignored', reason: 'Tag pushes do not trigger refreshes' };
  }
  const kind = isRecord(body) ? body.object_kind : undefined;
  // System hooks carry every project's pushes under one event name; only the
  // object kind says whether this one is a push.
  const isPush =
    event === 'Push Hook' || (event === 'System Hook' && kind === 'push');
  if (!isPush) {
    return {
      type: 'ignored',
      reason: `GitLab "${printable(event)}" events do not trigger refreshes`,
    };
  }
  if (!isRecord(body) || kind !== 'push') {
    return invalid('GitLab push payload is not a push object');
  }
  const target = readBranchRef(body.ref, body.after, false);
  if (target.type !== 'branch') {
    return target.result;
  }
  const project = isRecord(body.project) ? body.project : {};
  const repository = isRecord(body.repository) ? body.repository : {};
  const repositoryUrls = unique([
    ...stringsOf(project, ['git_http_url', 'git_ssh_url', 'web_url']),
    ...stringsOf(repository, ['git_http_url', 'git_ssh_url', 'homepage']),
  ]);
  if (repositoryUrls.length === 0) {
    return invalid('GitLab push payload names no repository URL');
  }
  const commits = readCommits(body.commits);
  const total =
    typeof body.total_commits_count === 'number'
      ? body.total_commits_count
      : commits.count;
  const complete =
    commits.complete &&
    commits.count > 0 &&
    total <= commits.count &&
    !isZeroSha(body.before);
  return {
    type: 'push',
    push: {
      provider: 'gitlab',
      repositoryUrls,
      branch: target.branch,
      defaultBranch: optionalString(project.default_branch),
      after: target.after,
      changedPaths: commits.paths,
      complete,
    },
  };
}

type RefTarget =
  | { type: 'branch'; branch: string; after: string }
  | { type: 'other'; result: ParsedWebhook };

function readBranchRef(
  ref: unknown,
  after: unknown,
  deleted: boolean,
): RefTarget {
  if (typeof ref !== 'string') {
    return { type: 'other', result: invalid('Push payload has no ref') };
  }
  if (ref.startsWith(TAG_PREFIX)) {
    return {
      type: 'other',
      result: {
        type: 'ignored',
        reason: 'Tag pushes do not trigger refreshes',
      },
    };
  }
  if (!ref.startsWith(BRANCH_PREFIX) || ref.length === BRANCH_PREFIX.length) {
    return {
      type: 'other',
      result: {
        type: 'ignored',
        reason: `Pushes to "${printable(ref)}" are not branch pushes`,
      },
    };
  }
  const branch = ref.slice(BRANCH_PREFIX.length);
  if (INVALID_BRANCH.test(branch)) {
    return {
      type: 'other',
      result: invalid('Push payload names an invalid branch'),
    };
  }
  if (deleted || isZeroSha(after)) {
    return {
      type: 'other',
      result: {
        type: 'ignored',
        reason: `Branch "${printable(branch)}" was deleted`,
      },
    };
  }
  if (typeof after !== 'string' || !SHA.test(after)) {
    return {
      type: 'other',
      result: invalid('Push payload has no valid "after" commit SHA'),
    };
  }
  return { type: 'branch', branch, after: after.toLowerCase() };
}

interface CommitPaths {
  paths: string[];
  count: number;
  /** False when some commit did not list its files. */
  complete: boolean;
}

function readCommits(value: unknown): CommitPaths {
  if (!Array.isArray(value)) {
    return { paths: [], count: 0, complete: false };
  }
  const paths = new Set<string>();
  let complete = true;
  for (const commit of value) {
    if (!isRecord(commit)) {
      complete = false;
      continue;
    }
    for (const key of ['added', 'modified', 'removed']) {
      const files = commit[key];
      if (!Array.isArray(files)) {
        complete = false;
        continue;
      }
      for (const file of files) {
        if (typeof file === 'string' && file !== '') {
          paths.add(file);
        } else {
          complete = false;
        }
      }
    }
  }
  return { paths: [...paths].sort(), count: value.length, complete };
}

function stringsOf(object: Record<string, unknown>, keys: string[]): string[] {
  return unique(
    keys
      .map(key => object[key])
      .filter((value): value is string => typeof value === 'string')
      .filter(value => value !== ''),
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isZeroSha(value: unknown): boolean {
  return typeof value === 'string' && ZERO_SHA.test(value);
}

/** Keeps header and ref values the sender chose short and on one line in reasons. */
function printable(value: string): string {
  const flat = value.replace(/[^\x20-\x7e]/g, '?');
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}

function invalid(reason: string): ParsedWebhook {
  return { type: 'invalid', reason };
}
