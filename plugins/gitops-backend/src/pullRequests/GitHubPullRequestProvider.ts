import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  GithubIntegrationConfig,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { z } from 'zod';
import { fetchHostApi, HostApiResponse } from './fetchHostApi';
import { integrationToken } from './integrationToken';
import { HostApiErrorContext, hostApiError } from './hostApiError';
import { parseHostedRepositoryUrl } from './parseHostedRepositoryUrl';
import { parseHostResponse } from './parseHostResponse';
import {
  OpenPullRequestRequest,
  PullRequestProvider,
  PullRequestRef,
  PullRequestStatus,
} from './PullRequestProvider';
import { validatePullRequestInput } from './validatePullRequestInput';

/**
 * @public
 */
export interface GitHubPullRequestProviderOptions {
  integrations: ScmIntegrationRegistry;
  /** Defaults to Backstage's provider, which handles tokens and GitHub Apps. */
  credentialsProvider?: GithubCredentialsProvider;
  logger?: LoggerService;
  /** Deadline for each API call; 30 seconds unless set. */
  timeoutMs?: number;
}

const HOST_NAME = 'GitHub';
const DEFAULT_TIMEOUT_MS = 30_000;

const pullSchema = z.object({
  number: z.number().int().positive(),
  html_url: z.string().url(),
  state: z.string(),
  merged: z.boolean().optional(),
  merged_at: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
});

interface GitHubRepository {
  host: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
  /** How the repository is named in messages. */
  name: string;
}

/** A response together with the secrets its request carried, for redaction. */
type AuthenticatedResponse = HostApiResponse & { secrets: string[] };

interface Auth {
  headers: Record<string, string>;
  secrets: string[];
}

/**
 * Pull requests through the GitHub REST API, for github.com and GitHub
 * Enterprise Server, with the credentials of the portal's GitHub integration.
 *
 * @public
 */
export class GitHubPullRequestProvider implements PullRequestProvider {
  static fromConfig(
    config: Config,
    options: Omit<GitHubPullRequestProviderOptions, 'integrations'> = {},
  ): GitHubPullRequestProvider {
    return new GitHubPullRequestProvider({
      ...options,
      integrations: ScmIntegrations.fromConfig(config),
    });
  }

  readonly id = 'github' as const;
  private readonly integrations: ScmIntegrationRegistry;
  private readonly credentialsProvider: GithubCredentialsProvider;
  private readonly logger?: LoggerService;
  private readonly timeoutMs: number;

  constructor(options: GitHubPullRequestProviderOptions) {
    this.integrations = options.integrations;
    this.credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  supports(repoUrl: string): boolean {
    try {
      const { host } = parseHostedRepositoryUrl(repoUrl);
      const config = this.integrations.github.byHost(host)?.config;
      return config ? hasCredentials(config) : false;
    } catch {
      return false;
    }
  }

  async openPullRequest(
    request: OpenPullRequestRequest,
  ): Promise<PullRequestRef> {
    validatePullRequestInput(request);
    const repository = this.resolve(request.repoUrl);
    const context = {
      action: `open a pull request from ${request.sourceBranch} into ${request.targetBranch}`,
      repository: repository.name,
    };
    const response = await this.call(repository, {
      method: 'POST',
      path: 'pulls',
      body: {
        title: request.title,
        body: request.body,
        head: request.sourceBranch,
        base: request.targetBranch,
        draft: request.draft ?? false,
      },
    });
    if (response.status === 201) {
      const ref = this.toRef(
        parseHostResponse(
          pullSchema,
          response.body,
          'The new GitHub pull request',
        ),
      );
      this.logger?.info(
        `Opened GitHub pull request #${ref.number} from ${request.sourceBranch} into ${request.targetBranch} in ${repository.name}`,
      );
      return ref;
    }
    // GitHub refuses a second open pull request for the same head with a 422;
    // after a crash between push and bookkeeping that one is ours to reuse.
    if (
      response.status === 422 &&
      /already exists/i.test(JSON.stringify(response.body))
    ) {
      const existing = await this.findOpenPullRequest(
        request.repoUrl,
        request.sourceBranch,
      );
      if (existing) {
        this.logger?.info(
          `Reusing open GitHub pull request #${existing.number} for branch ${request.sourceBranch} in ${repository.name}`,
        );
        return existing;
      }
      throw new ConflictError(
        `GitHub reports a pull request for branch ${request.sourceBranch} already exists in ${repository.name}, but none is open`,
      );
    }
    throw this.error(response, context);
  }

  async getPullRequest(
    repoUrl: string,
    number: number,
  ): Promise<PullRequestStatus> {
    if (!Number.isSafeInteger(number) || number <= 0) {
      throw new InputError(
        `A pull request number must be a positive integer; got ${number}`,
      );
    }
    const repository = this.resolve(repoUrl);
    const context = {
      action: `read pull request #${number}`,
      repository: repository.name,
      notFoundMessage: `GitHub has no pull request #${number} in ${repository.name}, or the integration's token cannot see the repository`,
    };
    const response = await this.call(repository, {
      method: 'GET',
      path: `pulls/${number}`,
    });
    if (response.status !== 200) {
      throw this.error(response, context);
    }
    const pull = parseHostResponse(
      pullSchema,
      response.body,
      `GitHub pull request #${number}`,
    );
    // A merged pull request is `closed` with `merged_at` set; the list API
    // omits `merged`, so both are read.
    if (pull.merged === true || Boolean(pull.merged_at)) {
      return {
        state: 'merged',
        url: pull.html_url,
        ...(pull.merge_commit_sha
          ? { mergedCommitSha: pull.merge_commit_sha }
          : {}),
      };
    }
    return {
      state: pull.state === 'open' ? 'open' : 'closed',
      url: pull.html_url,
    };
  }

  async findOpenPullRequest(
    repoUrl: string,
    sourceBranch: string,
  ): Promise<PullRequestRef | undefined> {
    if (!sourceBranch) {
      throw new InputError('The source branch of a pull request is empty');
    }
    const repository = this.resolve(repoUrl);
    const context = {
      action: `list open pull requests for branch ${sourceBranch}`,
      repository: repository.name,
    };
    const query = new URLSearchParams({
      head: `${repository.owner}:${sourceBranch}`,
      state: 'open',
    });
    const response = await this.call(repository, {
      method: 'GET',
      path: `pulls?${query}`,
    });
    if (response.status !== 200) {
      throw this.error(response, context);
    }
    const pulls = parseHostResponse(
      z.array(pullSchema),
      response.body,
      `GitHub's open pull requests for ${sourceBranch}`,
    );
    return pulls.length > 0 ? this.toRef(pulls[0]) : undefined;
  }

  private resolve(repoUrl: string): GitHubRepository {
    const { host, path } = parseHostedRepositoryUrl(repoUrl);
    const config = this.integrations.github.byHost(host)?.config;
    if (!config || !hasCredentials(config)) {
      throw new InputError(
        `No GitHub integration with a token or GitHub App is configured for host ${host}; pull requests need one`,
      );
    }
    const segments = path.split('/');
    if (segments.length !== 2 || segments.some(segment => !segment)) {
      throw new InputError(
        `"${host}/${path}" is not a GitHub repository; expected https://${host}/<owner>/<repo>`,
      );
    }
    const [owner, repo] = segments;
    return {
      host,
      owner,
      repo,
      // GitHub Enterprise Server serves its API under /api/v3 when the
      // integration does not say otherwise.
      apiBaseUrl: config.apiBaseUrl ?? `https://${host}/api/v3`,
      name: `${owner}/${repo} on ${host}`,
    };
  }

  private async auth(repository: GitHubRepository): Promise<Auth> {
    const { host, owner, repo } = repository;
    const { token, headers } = await integrationToken({
      hostName: HOST_NAME,
      host,
      target: `${owner}/${repo}`,
      missing: `token or GitHub App installation for ${owner}; pull requests need one`,
      getCredentials: () =>
        this.credentialsProvider.getCredentials({
          url: `https://${host}/${owner}/${repo}`,
        }),
    });
    return {
      headers: {
        Authorization: `Bearer ${token}`,
        ...headers,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
      },
      secrets: [token],
    };
  }

  private async call(
    repository: GitHubRepository,
    request: { method: 'GET' | 'POST'; path: string; body?: unknown },
  ): Promise<AuthenticatedResponse> {
    const auth = await this.auth(repository);
    const response = await fetchHostApi({
      hostName: HOST_NAME,
      method: request.method,
      url: `${repository.apiBaseUrl}/repos/${encodeURIComponent(
        repository.owner,
      )}/${encodeURIComponent(repository.repo)}/${request.path}`,
      headers: auth.headers,
      body: request.body,
      secrets: auth.secrets,
      timeoutMs: this.timeoutMs,
    });
    return { ...response, secrets: auth.secrets };
  }

  private error(
    response: AuthenticatedResponse,
    context: HostApiErrorContext,
  ): Error {
    return hostApiError(
      { hostName: HOST_NAME, secrets: response.secrets },
      response,
      context,
    );
  }

  private toRef(pull: z.infer<typeof pullSchema>): PullRequestRef {
    return { url: pull.html_url, number: pull.number, provider: this.id };
  }
}

function hasCredentials(config: GithubIntegrationConfig): boolean {
  return Boolean(config.token) || Boolean(config.apps?.length);
}
