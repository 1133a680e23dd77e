import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GitLabPullRequestProvider } from './GitLabPullRequestProvider';

const TOKEN = 'glpat_test';
const REPO_URL = 'https://gitlab.com/group/sub/repo';
const PROJECT_API = 'https://gitlab.com/api/v4/projects/group%2Fsub%2Frepo';

interface RecordedRequest {
  method: string;
  /** The raw path, so the encoded project segment is checked as sent. */
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  body?: unknown;
}

interface FakeMergeRequest {
  iid: number;
  source_branch: string;
  target_branch: string;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  merge_commit_sha: string | null;
  squash_commit_sha: string | null;
  sha: string;
}

/**
 * One GitLab project's merge request API that records every request, answers
 * 401 to any other token and, like GitLab, refuses a second open merge
 * request for the same source branch with 409.
 */
function fakeGitLabProject(options: {
  projectApi: string;
  token: string;
  webProject: string;
}) {
  const mergeRequests: FakeMergeRequest[] = [];
  const requests: RecordedRequest[] = [];
  const toJson = (mr: FakeMergeRequest) => ({
    ...mr,
    web_url: `${options.webProject}/-/merge_requests/${mr.iid}`,
  });
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const entry: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.get('authorization'),
    };
    if (request.method === 'POST') {
      entry.body = await request.json();
    }
    requests.push(entry);
    return entry;
  };
  const unauthorized = (entry: RecordedRequest) =>
    entry.authorization === `Bearer ${options.token}`
      ? undefined
      : HttpResponse.json({ message: '401 Unauthorized' }, { status: 401 });

  const handlers = [
    http.post(`${options.projectApi}/merge_requests`, async ({ request }) => {
      const entry = await record(request);
      const refused = unauthorized(entry);
      if (refused) {
        return refused;
      }
      const body = entry.body as Record<string, unknown>;
      const existing = mergeRequests.find(
        mr => mr.source_branch === body.source_branch && mr.state === 'opened',
      );
      if (existing) {
        return HttpResponse.json(
          {
            message: [
              `Another open merge request already exists for this source branch: !${existing.iid}`,
            ],
          },
          { status: 409 },
        );
      }
      const mr: FakeMergeRequest = {
        iid: mergeRequests.length + 1,
        source_branch: String(body.source_branch),
        target_branch: String(body.target_branch),
        title: String(body.title),
        description: String(body.description),
        state: 'opened',
        merge_commit_sha: null,
        squash_commit_sha: null,
        sha: 'a'.repeat(40),
      };
      mergeRequests.push(mr);
      return HttpResponse.json(toJson(mr), { status: 201 });
    }),
    http.get(
      `${options.projectApi}/merge_requests/:iid`,
      async ({ request, params }) => {
        const refused = unauthorized(await record(request));
        if (refused) {
          return refused;
        }
        const mr = mergeRequests.find(m => String(m.iid) === params.iid);
        return mr
          ? HttpResponse.json(toJson(mr))
          : HttpResponse.json({ message: '404 Not found' }, { status: 404 });
      },
    ),
    http.get(`${options.projectApi}/merge_requests`, async ({ request }) => {
      const entry = await record(request);
      const refused = unauthorized(entry);
      if (refused) {
        return refused;
      }
      return HttpResponse.json(
        mergeRequests
          .filter(
            mr =>
              mr.source_branch === entry.query.source_branch &&
              mr.state === entry.query.state,
          )
          .map(toJson),
      );
    }),
  ];
  return { mergeRequests, requests, handlers };
}

describe('GitLabPullRequestProvider', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let logger: ReturnType<typeof mockServices.logger.mock>;
  let provider: GitLabPullRequestProvider;
  let gitlab: ReturnType<typeof fakeGitLabProject>;

  beforeEach(() => {
    logger = mockServices.logger.mock();
    provider = GitLabPullRequestProvider.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: 'github.com', token: 'ghp_test' }],
          gitlab: [{ host: 'gitlab.com', token: TOKEN }],
        },
      }),
      { logger },
    );
    gitlab = fakeGitLabProject({
      projectApi: PROJECT_API,
      token: TOKEN,
      webProject: REPO_URL,
    });
    server.use(...gitlab.handlers);
  });

  const expectTokenNotLogged = () =>
    expect(
      JSON.stringify(
        [logger.error, logger.warn, logger.info, logger.debug].map(
          fn => fn.mock.calls,
        ),
      ),
    ).not.toContain(TOKEN);

  const openRequest = {
    repoUrl: REPO_URL,
    sourceBranch: 'slipway/staging/op-2',
    targetBranch: 'main',
    title: 'Promote payments 1.3.0 to staging',
    body: 'Version `1.2.3` → `1.3.0`',
  };

  it('opens a merge request in a nested group with the URL-encoded project path', async () => {
    await expect(provider.openPullRequest(openRequest)).resolves.toEqual({
      url: `${REPO_URL}/-/merge_requests/1`,
      number: 1,
      provider: 'gitlab',
    });
    expect(gitlab.requests).toEqual([
      {
        method: 'POST',
        path: '/api/v4/projects/group%2Fsub%2Frepo/merge_requests',
        query: {},
        authorization: `Bearer ${TOKEN}`,
        body: {
          source_branch: 'slipway/staging/op-2',
          target_branch: 'main',
          title: openRequest.title,
          description: openRequest.body,
          remove_source_branch: true,
        },
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Opened GitLab merge request !1'),
    );
    expectTokenNotLogged();
  });

  it('marks a draft with the Draft: title prefix', async () => {
    await provider.openPullRequest({ ...openRequest, draft: true });
    expect(gitlab.requests[0].body).toMatchObject({
      title: `Draft: ${openRequest.title}`,
    });
  });

  it('uses the apiBaseUrl of a self-managed GitLab served under a sub-path', async () => {
    const selfManaged = fakeGitLabProject({
      projectApi:
        'https://gitlab.acme.test/gitlab/api/v4/projects/platform%2Fapps%2Fconfig',
      token: 'self_token',
      webProject: 'https://gitlab.acme.test/gitlab/platform/apps/config',
    });
    server.use(...selfManaged.handlers);
    const client = GitLabPullRequestProvider.fromConfig(
      new ConfigReader({
        integrations: {
          gitlab: [
            {
              host: 'gitlab.acme.test',
              baseUrl: 'https://gitlab.acme.test/gitlab',
              apiBaseUrl: 'https://gitlab.acme.test/gitlab/api/v4',
              token: 'self_token',
            },
          ],
        },
      }),
    );

    const ref = await client.openPullRequest({
      ...openRequest,
      repoUrl: 'https://gitlab.acme.test/gitlab/platform/apps/config.git',
    });
    expect(ref.number).toBe(1);
    expect(selfManaged.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/gitlab/api/v4/projects/platform%2Fapps%2Fconfig/merge_requests',
        authorization: 'Bearer self_token',
      }),
    ]);
  });

  it('reads opened, merged (merge, squash or fast-forward) and closed merge requests', async () => {
    const base = {
      source_branch: 'x',
      target_branch: 'main',
      title: 't',
      description: '',
      merge_commit_sha: null,
      squash_commit_sha: null,
      sha: 'c'.repeat(40),
    };
    gitlab.mergeRequests.push(
      { ...base, iid: 1, state: 'opened' },
      { ...base, iid: 2, state: 'merged', merge_commit_sha: 'd'.repeat(40) },
      { ...base, iid: 3, state: 'merged', squash_commit_sha: 'e'.repeat(40) },
      { ...base, iid: 4, state: 'merged' },
      { ...base, iid: 5, state: 'closed' },
      { ...base, iid: 6, state: 'locked' },
    );
    const url = (iid: number) => `${REPO_URL}/-/merge_requests/${iid}`;

    await expect(provider.getPullRequest(REPO_URL, 1)).resolves.toEqual({
      state: 'open',
      url: url(1),
    });
    await expect(provider.getPullRequest(REPO_URL, 2)).resolves.toEqual({
      state: 'merged',
      url: url(2),
      mergedCommitSha: 'd'.repeat(40),
    });
    await expect(provider.getPullRequest(REPO_URL, 3)).resolves.toEqual({
      state: 'merged',
      url: url(3),
      mergedCommitSha: 'e'.repeat(40),
    });
    await expect(provider.getPullRequest(REPO_URL, 4)).resolves.toEqual({
      state: 'merged',
      url: url(4),
      mergedCommitSha: 'c'.repeat(40),
    });
    await expect(provider.getPullRequest(REPO_URL, 5)).resolves.toEqual({
      state: 'closed',
      url: url(5),
    });
    await expect(provider.getPullRequest(REPO_URL, 6)).resolves.toEqual({
      state: 'open',
      url: url(6),
    });
    expect(gitlab.requests[0]).toEqual({
      method: 'GET',
      path: '/api/v4/projects/group%2Fsub%2Frepo/merge_requests/1',
      query: {},
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('finds the open merge request for a source branch', async () => {
    await expect(
      provider.findOpenPullRequest(REPO_URL, openRequest.sourceBranch),
    ).resolves.toBeUndefined();
    const opened = await provider.openPullRequest(openRequest);

    await expect(
      provider.findOpenPullRequest(REPO_URL, openRequest.sourceBranch),
    ).resolves.toEqual(opened);
    expect(gitlab.requests[0]).toEqual({
      method: 'GET',
      path: '/api/v4/projects/group%2Fsub%2Frepo/merge_requests',
      query: { source_branch: 'slipway/staging/op-2', state: 'opened' },
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('does not open a second merge request when a retry repeats the open', async () => {
    const first = await provider.openPullRequest(openRequest);
    const retried = await provider.openPullRequest(openRequest);

    expect(retried).toEqual(first);
    expect(gitlab.mergeRequests).toHaveLength(1);
    expect(gitlab.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v4/projects/group%2Fsub%2Frepo/merge_requests',
      'POST /api/v4/projects/group%2Fsub%2Frepo/merge_requests',
      'GET /api/v4/projects/group%2Fsub%2Frepo/merge_requests',
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Reusing open GitLab merge request !1'),
    );
    expectTokenNotLogged();
  });

  describe('host errors', () => {
    it.each([
      [
        401,
        'NotAllowedError',
        /^GitLab refused to open a merge request .*check the integration's token permissions$/,
      ],
      [403, 'NotAllowedError', /^GitLab refused .*403 Forbidden/],
      [
        404,
        'NotFoundError',
        /^GitLab repository group\/sub\/repo on gitlab\.com was not found/,
      ],
      [422, 'InputError', /^GitLab rejected .*target_branch is invalid/],
      [503, 'ServiceUnavailableError', /^GitLab failed to open/],
    ])(
      'maps HTTP %i to %s without the token',
      async (status, name, message) => {
        const bodies: Record<number, JsonObject> = {
          401: { message: `401 Unauthorized ${TOKEN}` },
          403: { message: `403 Forbidden ${TOKEN}` },
          404: { message: `404 Project Not Found ${TOKEN}` },
          422: { message: { target_branch: [`is invalid ${TOKEN}`] } },
          503: { error: `unavailable ${TOKEN}` },
        };
        server.use(
          http.post(`${PROJECT_API}/merge_requests`, () =>
            HttpResponse.json(bodies[status], { status }),
          ),
        );
        const error = await provider.openPullRequest(openRequest).then(
          () => undefined,
          e => e,
        );
        expect(error).toMatchObject({ name });
        expect(error.message).toMatch(message);
        expect(error.message).not.toContain(TOKEN);
        expectTokenNotLogged();
      },
    );

    it('names the merge request when it does not exist', async () => {
      await expect(provider.getPullRequest(REPO_URL, 9)).rejects.toMatchObject({
        name: 'NotFoundError',
        message:
          "GitLab has no merge request !9 in group/sub/repo on gitlab.com, or the integration's token cannot see the project",
      });
    });
  });

  describe('input', () => {
    it('supports only hosts with a GitLab integration that has a token', () => {
      const client = GitLabPullRequestProvider.fromConfig(
        new ConfigReader({
          integrations: {
            gitlab: [
              {
                host: 'gitlab.acme.test',
                apiBaseUrl: 'https://gitlab.acme.test/api/v4',
                token: 'x-token',
              },
            ],
          },
        }),
      );
      expect(client.supports('https://gitlab.acme.test/a/b/c')).toBe(true);
      expect(client.supports('ssh://git@gitlab.acme.test:2222/a/b.git')).toBe(
        true,
      );
      // Backstage adds a gitlab.com integration without a token.
      expect(client.supports('https://gitlab.com/a/b')).toBe(false);
      expect(client.supports('https://github.com/a/b')).toBe(false);
    });

    it('refuses a URL without a group', async () => {
      await expect(
        provider.findOpenPullRequest('https://gitlab.com/lonely', 'b'),
      ).rejects.toMatchObject({
        name: 'InputError',
        message:
          '"gitlab.com/lonely" is not a GitLab project; expected https://gitlab.com/<group>/<project>',
      });
    });

    it('reads the project from a web URL that points into it', async () => {
      await provider.findOpenPullRequest(`${REPO_URL}/-/tree/main`, 'b');
      expect(gitlab.requests.map(r => r.path)).toEqual([
        '/api/v4/projects/group%2Fsub%2Frepo/merge_requests',
      ]);
    });
  });
});
