import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  DefaultGitlabCredentialsProvider,
  getGitLabIntegrationRelativePath,
  GitlabCredentialsProvider,
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
export interface GitLabPullRequestProviderOptions {
  integrations: ScmIntegrationRegistry;
  /** Defaults to Backstage's provider for the GitLab integrations' tokens. */
  credentialsProvider?: GitlabCredentialsProvider;
  logger?: LoggerService;
  /** Deadline for each API call; 30 seconds unless set. */
  timeoutMs?: number;
}

const HOST_NAME = 'GitLab';
const DEFAULT_TIMEOUT_MS = 30_000;
/** GitLab's documented way to open a merge request as a draft. */
const DRAFT_PREFIX = 'Draft: ';

const mergeRequestSchema = z.object({
  iid: z.number().int().positive(),
  web_url: z.string().url(),
  state: z.string(),
  merge_commit_sha: z.string().nullable().optional(),
  squash_commit_sha: z.string().nullable().optional(),
  sha: z.string().nullable().optional(),
});

interface GitLabProject {
  host: string;
  /** `group/subgroup/project`. */
  path: string;
  apiBaseUrl: string;
  name: string;
}

/** A response together with the secrets its request carried, for redaction. */
type AuthenticatedResponse = HostApiResponse & { secrets: string[] };

/**
 * Merge requests through the GitLab REST API (v4), for gitlab.com and
 * self-managed GitLab, with the token of the portal's GitLab integration.
 *
 * @public
 */
export class GitLabPullRequestProvider implements PullRequestProvider {
  static fromConfig(
    config: Config,
    options: Omit<GitLabPullRequestProviderOptions, 'integrations'> = {},
  ): GitLabPullRequestProvider {
    return new GitLabPullRequestProvider({
      ...options,
      integrations: ScmIntegrations.fromConfig(config),
    });
  }

  readonly id = 'gitlab' as const;
  private readonly integrations: ScmIntegrationRegistry;
  private readonly credentialsProvider: GitlabCredentialsProvider;
  private readonly logger?: LoggerService;
  private readonly timeoutMs: number;

  constructor(options: GitLabPullRequestProviderOptions) {
    this.integrations = options.integrations;
    this.credentialsProvider =
      options.credentialsProvider ??
      DefaultGitlabCredentialsProvider.fromIntegrations(options.integrations);
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  supports(repoUrl: string): boolean {
    try {
      const { host } = parseHostedRepositoryUrl(repoUrl);
      return Boolean(this.integrations.gitlab.byHost(host)?.config.token);
    } catch {
      return false;
    }
  }

  async openPullRequest(
    request: OpenPullRequestRequest,
  ): Promise<PullRequestRef> {
    validatePullRequestInput(request);
    const project = this.resolve(request.repoUrl);
    const context = {
      action: `open a merge request from ${request.sourceBranch} into ${request.targetBranch}`,
      repository: project.name,
    };
    const title =
      request.draft && !/^(draft|wip)\s*:/i.test(request.title)
        ? `${DRAFT_PREFIX}${request.title}`
        : request.title;
    const response = await this.call(project, {
      method: 'POST',
      path: 'merge_requests',
      body: {
        source_branch: request.sourceBranch,
        target_branch: request.targetBranch,
        title,
        description: request.body,
        // The branch only carries this one change; once merged it is clutter.
        remove_source_branch: true,
      },
    });
    if (response.status === 201) {
      const ref = this.toRef(
        parseHostResponse(
          mergeRequestSchema,
          response.body,
          'The new GitLab merge request',
        ),
      );
      this.logger?.info(
        `Opened GitLab merge request !${ref.number} from ${request.sourceBranch} into ${request.targetBranch} in ${project.name}`,
      );
      return ref;
    }
    // GitLab answers 409 when a merge request for the branch is already open;
    // after a crash between push and bookkeeping that one is ours to reuse.
    if (
      response.status === 409 &&
      /already exists/i.test(JSON.stringify(response.body))
    ) {
      const existing = await this.findOpenPullRequest(
        request.repoUrl,
        request.sourceBranch,
      );
      if (existing) {
        this.logger?.info(
          `Reusing open GitLab merge request !${existing.number} for branch ${request.sourceBranch} in ${project.name}`,
        );
        return existing;
      }
      throw new ConflictError(
        `GitLab reports a merge request for branch ${request.sourceBranch} already exists in ${project.name}, but none is open`,
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
        `A merge request number must be a positive integer; got ${number}`,
      );
    }
    const project = this.resolve(repoUrl);
    const context = {
      action: `read merge request !${number}`,
      repository: project.name,
      notFoundMessage: `GitLab has no merge request !${number} in ${project.name}, or the integration's token cannot see the project`,
    };
    const response = await this.call(project, {
      method: 'GET',
      path: `merge_requests/${number}`,
    });
    if (response.status !== 200) {
      throw this.error(response, context);
    }
    const mergeRequest = parseHostResponse(
      mergeRequestSchema,
      response.body,
      `GitLab merge request !${number}`,
    );
    switch (mergeRequest.state) {
      case 'merged': {
        // Fast-forward merges make no merge commit and squash merges record
        // theirs separately; the commit that landed is the first one present.
        const sha =
          mergeRequest.merge_commit_sha ??
          mergeRequest.squash_commit_sha ??
          mergeRequest.sha;
        return {
          state: 'merged',
          url: mergeRequest.web_url,
          ...(sha ? { mergedCommitSha: sha } : {}),
        };
      }
      // `locked` is the brief state while GitLab performs the merge.
      case 'opened':
      case 'locked':
        return { state: 'open', url: mergeRequest.web_url };
      default:
        return { state: 'closed', url: mergeRequest.web_url };
    }
  }

  async findOpenPullRequest(
    repoUrl: string,
    sourceBranch: string,
  ): Promise<PullRequestRef | undefined> {
    if (!sourceBranch) {
      throw new InputError('The source branch of a merge request is empty');
    }
    const project = this.resolve(repoUrl);
    const context = {
      action: `list open merge requests for branch ${sourceBranch}`,
      repository: project.name,
    };
    const query = new URLSearchParams({
      source_branch: sourceBranch,
      state: 'opened',
    });
    const response = await this.call(project, {
      method: 'GET',
      path: `merge_requests?${query}`,
    });
    if (response.status !== 200) {
      throw this.error(response, context);
    }
    const mergeRequests = parseHostResponse(
      z.array(mergeRequestSchema),
      response.body,
      `GitLab's open merge requests for ${sourceBranch}`,
    );
    return mergeRequests.length > 0 ? this.toRef(mergeRequests[0]) : undefined;
  }

  private resolve(repoUrl: string): GitLabProject {
    const { host, path } = parseHostedRepositoryUrl(repoUrl);
    const config = this.integrations.gitlab.byHost(host)?.config;
    if (!config?.token) {
      throw new InputError(
        `No GitLab integration with a token is configured for host ${host}; merge requests need one`,
      );
    }
    // A GitLab served under a sub-path (baseUrl https://host/gitlab) has that
    // prefix in its web URLs but not in project paths; web URLs may also point
    // into the project (`/-/tree/main`).
    const prefix = getGitLabIntegrationRelativePath(config).replace(/^\/+/, '');
    let projectPath = path.split('/-/')[0];
    if (prefix && projectPath.startsWith(`${prefix}/`)) {
      projectPath = projectPath.slice(prefix.length + 1);
    }
    const segments = projectPath.split('/');
    if (segments.length < 2 || segments.some(segment => !segment)) {
      throw new InputError(
        `"${host}/${path}" is not a GitLab project; expected https://${host}/<group>/<project>`,
      );
    }
    return {
      host,
      path: projectPath,
      apiBaseUrl: config.apiBaseUrl,
      name: `${projectPath} on ${host}`,
    };
  }

  private async auth(
    project: GitLabProject,
  ): Promise<{ headers: Record<string, string>; secrets: string[] }> {
    const { token, headers } = await integrationToken({
      hostName: HOST_NAME,
      host: project.host,
      target: project.path,
      missing: 'token; merge requests need one',
      getCredentials: () =>
        this.credentialsProvider.getCredentials({
          url: `https://${project.host}/${project.path}`,
        }),
    });
    return {
      headers: { Authorization: `Bearer ${token}`, ...headers },
      secrets: [token],
    };
  }

  private async call(
    project: GitLabProject,
    request: { method: 'GET' | 'POST'; path: string; body?: unknown },
  ): Promise<AuthenticatedResponse> {
    const auth = await this.auth(project);
    const response = await fetchHostApi({
      hostName: HOST_NAME,
      method: request.method,
      // GitLab takes the full project path as one URL-encoded segment.
      url: `${project.apiBaseUrl}/projects/${encodeURIComponent(
        project.path,
      )}/${request.path}`,
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

  private toRef(
    mergeRequest: z.infer<typeof mergeRequestSchema>,
  ): PullRequestRef {
    return {
      url: mergeRequest.web_url,
      number: mergeRequest.iid,
      provider: this.id,
    };
  }
}
