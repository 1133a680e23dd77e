import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GitHubPullRequestProvider } from './GitHubPullRequestProvider';

const TOKEN = 'ghp_test';
const REPO_URL = 'https://github.com/acme/payments-config';
const API_REPO = 'https://api.github.com/repos/acme/payments-config';

interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  apiVersion: string | null;
  body?: unknown;
}

interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged_at: string | null;
  merge_commit_sha: string | null;
}

/**
 * A GitHub repository's pulls API that records every request, answers 401 to
 * any other token and, like GitHub, refuses a second open pull request for
 * the same head.
 */
function fakeGitHubRepository(options: {
  apiRepo: string;
  owner: string;
  token: string;
  webRepo: string;
}) {
  const pulls: FakePull[] = [];
  const requests: RecordedRequest[] = [];
  const toJson = (pull: FakePull) => ({
    number: pull.number,
    html_url: `${options.webRepo}/pull/${pull.number}`,
    state: pull.state,
    title: pull.title,
    draft: pull.draft,
    head: { ref: pull.head },
    base: { ref: pull.base },
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
  });
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const entry: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.get('authorization'),
      apiVersion: request.headers.get('x-github-api-version'),
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
      : HttpResponse.json({ message: 'Bad credentials' }, { status: 401 });

  const handlers = [
    http.post(`${options.apiRepo}/pulls`, async ({ request }) => {
      const entry = await record(request);
      const refused = unauthorized(entry);
      if (refused) {
        return refused;
      }
      const body = entry.body as Record<string, unknown>;
      const head = String(body.head);
      if (pulls.some(pull => pull.head === head && pull.state === 'open')) {
        return HttpResponse.json(
          {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: `A pull request already exists for ${options.owner}:${head}.`,
              },
            ],
          },
          { status: 422 },
        );
      }
      const pull: FakePull = {
        number: 100 + pulls.length + 1,
        head,
        base: String(body.base),
        title: String(body.title),
        body: String(body.body),
        draft: body.draft === true,
        state: 'open',
        merged_at: null,
        merge_commit_sha: null,
      };
      pulls.push(pull);
      return HttpResponse.json(toJson(pull), { status: 201 });
    }),
    http.get(
      `${options.apiRepo}/pulls/:number`,
      async ({ request, params }) => {
        const refused = unauthorized(await record(request));
        if (refused) {
          return refused;
        }
        const pull = pulls.find(p => String(p.number) === params.number);
        return pull
          ? HttpResponse.json(toJson(pull))
          : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      },
    ),
    http.get(`${options.apiRepo}/pulls`, async ({ request }) => {
      const entry = await record(request);
      const refused = unauthorized(entry);
      if (refused) {
        return refused;
      }
      const matching = pulls.filter(
        pull =>
          `${options.owner}:${pull.head}` === entry.query.head &&
          (entry.query.state === 'all' || pull.state === entry.query.state),
      );
      return HttpResponse.json(matching.map(toJson));
    }),
  ];
  return { pulls, requests, handlers };
}

function githubConfig(github: JsonObject[]) {
  return new ConfigReader({ integrations: { github } });
}

describe('GitHubPullRequestProvider', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let logger: ReturnType<typeof mockServices.logger.mock>;
  let provider: GitHubPullRequestProvider;
  let github: ReturnType<typeof fakeGitHubRepository>;

  const loggedText = () =>
    JSON.stringify(
      [logger.error, logger.warn, logger.info, logger.debug].map(
        fn => fn.mock.calls,
      ),
    );

  beforeEach(() => {
    logger = mockServices.logger.mock();
    provider = GitHubPullRequestProvider.fromConfig(
      githubConfig([{ host: 'github.com', token: TOKEN }]),
      { logger },
    );
    github = fakeGitHubRepository({
      apiRepo: API_REPO,
      owner: 'acme',
      token: TOKEN,
      webRepo: REPO_URL,
    });
    server.use(...github.handlers);
  });

  const expectTokenNotLogged = () => expect(loggedText()).not.toContain(TOKEN);

  const openRequest = {
    repoUrl: REPO_URL,
    sourceBranch: 'slipway/production/op-1',
    targetBranch: 'main',
    title: 'Deploy payments 1.3.0 to production',
    body: 'Version `1.2.3` → `1.3.0`',
  };

  it('opens a pull request with the integration token, head and base', async () => {
    await expect(provider.openPullRequest(openRequest)).resolves.toEqual({
      url: `${REPO_URL}/pull/101`,
      number: 101,
      provider: 'github',
    });
    expect(github.requests).toEqual([
      {
        method: 'POST',
        path: '/repos/acme/payments-config/pulls',
        query: {},
        authorization: `Bearer ${TOKEN}`,
        apiVersion: '2022-11-28',
        body: {
          title: openRequest.title,
          body: openRequest.body,
          head: 'slipway/production/op-1',
          base: 'main',
          draft: false,
        },
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Opened GitHub pull request #101'),
    );
    expectTokenNotLogged();
  });

  it('opens a draft when asked, and accepts clone URLs ending in .git', async () => {
    await provider.openPullRequest({
      ...openRequest,
      repoUrl: `${REPO_URL}.git`,
      draft: true,
    });
    expect(github.requests[0].body).toMatchObject({ draft: true });
    expect(github.pulls[0].draft).toBe(true);
  });

  it('accepts SSH clone URLs for the same repository', async () => {
    await provider.openPullRequest({
      ...openRequest,
      repoUrl: 'git@github.com:acme/payments-config.git',
    });
    expect(github.requests.map(r => r.path)).toEqual([
      '/repos/acme/payments-config/pulls',
    ]);
  });

  it('uses the apiBaseUrl of a GitHub Enterprise integration', async () => {
    const ghe = fakeGitHubRepository({
      apiRepo: 'https://ghe.acme.test/api/v3/repos/platform/config',
      owner: 'platform',
      token: 'ghe_token',
      webRepo: 'https://ghe.acme.test/platform/config',
    });
    server.use(...ghe.handlers);
    const enterprise = GitHubPullRequestProvider.fromConfig(
      githubConfig([
        {
          host: 'ghe.acme.test',
          apiBaseUrl: 'https://ghe.acme.test/api/v3',
          token: 'ghe_token',
        },
      ]),
    );

    await expect(
      enterprise.openPullRequest({
        ...openRequest,
        repoUrl: 'https://ghe.acme.test/platform/config',
      }),
    ).resolves.toEqual({
      url: 'https://ghe.acme.test/platform/config/pull/101',
      number: 101,
      provider: 'github',
    });
    expect(ghe.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v3/repos/platform/config/pulls',
        authorization: 'Bearer ghe_token',
        body: expect.objectContaining({ head: openRequest.sourceBranch }),
      }),
    ]);
  });

  it('falls back to https://host/api/v3 for an Enterprise host without apiBaseUrl', async () => {
    const ghe = fakeGitHubRepository({
      apiRepo: 'https://git.corp.test/api/v3/repos/team/config',
      owner: 'team',
      token: 'corp_token',
      webRepo: 'https://git.corp.test/team/config',
    });
    server.use(...ghe.handlers);
    const enterprise = GitHubPullRequestProvider.fromConfig(
      githubConfig([{ host: 'git.corp.test', token: 'corp_token' }]),
    );

    await enterprise.findOpenPullRequest(
      'https://git.corp.test/team/config',
      'slipway/x',
    );
    expect(ghe.requests.map(r => r.path)).toEqual([
      '/api/v3/repos/team/config/pulls',
    ]);
  });

  it('reads open, merged and closed pull requests', async () => {
    github.pulls.push(
      {
        number: 7,
        head: 'a',
        base: 'main',
        title: 't',
        body: '',
        draft: false,
        state: 'open',
        merged_at: null,
        merge_commit_sha: 'ffffffffffffffffffffffffffffffffffffffff',
      },
      {
        number: 8,
        head: 'b',
        base: 'main',
        title: 't',
        body: '',
        draft: false,
        state: 'closed',
        merged_at: '2025-01-02T03:04:05Z',
        merge_commit_sha: '0123456789abcdef0123456789abcdef01234567',
      },
      {
        number: 9,
        head: 'c',
        base: 'main',
        title: 't',
        body: '',
        draft: false,
        state: 'closed',
        merged_at: null,
        merge_commit_sha: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee',
      },
    );

    await expect(provider.getPullRequest(REPO_URL, 7)).resolves.toEqual({
      state: 'open',
      url: `${REPO_URL}/pull/7`,
    });
    await expect(provider.getPullRequest(REPO_URL, 8)).resolves.toEqual({
      state: 'merged',
      url: `${REPO_URL}/pull/8`,
      mergedCommitSha: '0123456789abcdef0123456789abcdef01234567',
    });
    await expect(provider.getPullRequest(REPO_URL, 9)).resolves.toEqual({
      state: 'closed',
      url: `${REPO_URL}/pull/9`,
    });
    expect(github.requests).toEqual(
      [7, 8, 9].map(n => ({
        method: 'GET',
        path: `/repos/acme/payments-config/pulls/${n}`,
        query: {},
        authorization: `Bearer ${TOKEN}`,
        apiVersion: '2022-11-28',
      })),
    );
  });

  it('finds the open pull request for a branch by owner:branch', async () => {
    await expect(
      provider.findOpenPullRequest(REPO_URL, 'slipway/production/op-1'),
    ).resolves.toBeUndefined();
    const opened = await provider.openPullRequest(openRequest);

    await expect(
      provider.findOpenPullRequest(REPO_URL, 'slipway/production/op-1'),
    ).resolves.toEqual(opened);
    expect(github.requests[0]).toEqual({
      method: 'GET',
      path: '/repos/acme/payments-config/pulls',
      query: { head: 'acme:slipway/production/op-1', state: 'open' },
      authorization: `Bearer ${TOKEN}`,
      apiVersion: '2022-11-28',
    });
  });

  it('does not open a second pull request when a retry repeats the open', async () => {
    const first = await provider.openPullRequest(openRequest);
    // The process crashed before recording `first`; the retry opens again.
    const retried = await provider.openPullRequest(openRequest);

    expect(retried).toEqual(first);
    expect(github.pulls).toHaveLength(1);
    expect(github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/payments-config/pulls',
      'POST /repos/acme/payments-config/pulls',
      'GET /repos/acme/payments-config/pulls',
    ]);
    expect(github.requests[2].query).toEqual({
      head: 'acme:slipway/production/op-1',
      state: 'open',
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Reusing open GitHub pull request #101'),
    );
    expectTokenNotLogged();
  });

  it('lets a retry find the pull request before opening anything', async () => {
    const first = await provider.openPullRequest(openRequest);
    const found = await provider.findOpenPullRequest(
      REPO_URL,
      openRequest.sourceBranch,
    );

    expect(found).toEqual(first);
    expect(github.pulls).toHaveLength(1);
  });

  it('reports a conflict when GitHub says one exists but none is open', async () => {
    server.use(
      http.post(`${API_REPO}/pulls`, () =>
        HttpResponse.json(
          {
            message: 'Validation Failed',
            errors: [{ message: 'A pull request already exists for acme:x.' }],
          },
          { status: 422 },
        ),
      ),
    );
    await expect(provider.openPullRequest(openRequest)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('none is open'),
    });
  });

  describe('host errors', () => {
    // Every error body echoes the token, as a misbehaving proxy might, to
    // prove it is removed from what Slipway reports.
    it.each([
      [
        401,
        {},
        'NotAllowedError',
        /^GitHub refused to open a pull request .* in acme\/payments-config on github\.com \(HTTP 401: Bad credentials \*\*\*\); check the integration's token permissions$/,
      ],
      [
        403,
        {},
        'NotAllowedError',
        /GitHub refused .*Resource not accessible by integration.*check the integration's token permissions/,
      ],
      [
        404,
        {},
        'NotFoundError',
        /GitHub repository acme\/payments-config on github\.com was not found/,
      ],
      [
        422,
        {},
        'InputError',
        /GitHub rejected .*No commits between main and slipway\/production\/op-1/,
      ],
      [
        403,
        { 'x-ratelimit-remaining': '0' },
        'ServiceUnavailableError',
        /GitHub rate limit reached .*retry later/,
      ],
      [502, {}, 'ServiceUnavailableError', /GitHub failed to open .*HTTP 502/],
    ])(
      'maps HTTP %i %j to %s without the token',
      async (status, headers, name, message) => {
        const messages: Record<number, string> = {
          401: `Bad credentials ${TOKEN}`,
          403: `Resource not accessible by integration (${TOKEN})`,
          404: `Not Found ${TOKEN}`,
          422: `Validation Failed: No commits between main and slipway/production/op-1 (${TOKEN})`,
          502: `Bad gateway ${TOKEN}`,
        };
        server.use(
          http.post(`${API_REPO}/pulls`, () =>
            HttpResponse.json(
              { message: messages[status] },
              { status, headers },
            ),
          ),
        );
        const error = await provider.openPullRequest(openRequest).then(
          () => undefined,
          e => e,
        );
        expect(error).toMatchObject({ name });
        expect(error.message).toMatch(message);
        expect(error.message).not.toContain(TOKEN);
        expect(JSON.stringify(error)).not.toContain(TOKEN);
        expectTokenNotLogged();
      },
    );

    it('names the pull request when it does not exist', async () => {
      await expect(
        provider.getPullRequest(REPO_URL, 404),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message:
          "GitHub has no pull request #404 in acme/payments-config on github.com, or the integration's token cannot see the repository",
      });
    });

    it('reports an unreachable host without the token', async () => {
      server.use(http.post(`${API_REPO}/pulls`, () => HttpResponse.error()));
      const error = await provider.openPullRequest(openRequest).then(
        () => undefined,
        e => e,
      );
      expect(error).toMatchObject({ name: 'ServiceUnavailableError' });
      expect(error.message).toMatch(
        /^Could not reach the GitHub API at https:\/\/api\.github\.com: /,
      );
      expect(error.message).not.toContain(TOKEN);
    });

    it('gives up on a host that does not answer in time', async () => {
      const impatient = GitHubPullRequestProvider.fromConfig(
        githubConfig([{ host: 'github.com', token: TOKEN }]),
        { timeoutMs: 50 },
      );
      server.use(
        http.get(`${API_REPO}/pulls/:number`, async () => {
          await delay(2000);
          return HttpResponse.json({});
        }),
      );
      await expect(impatient.getPullRequest(REPO_URL, 1)).rejects.toMatchObject(
        {
          name: 'ServiceUnavailableError',
          message: expect.stringContaining('no answer within'),
        },
      );
    });

    it('reports an unexpected body instead of returning undefined fields', async () => {
      server.use(
        http.get(`${API_REPO}/pulls/:number`, () =>
          HttpResponse.text('<html>proxy login</html>'),
        ),
      );
      await expect(provider.getPullRequest(REPO_URL, 3)).rejects.toThrow(
        /GitHub pull request #3 had an unexpected shape/,
      );
    });
  });

  describe('input', () => {
    it('supports only hosts with a GitHub integration that has credentials', () => {
      const only = GitHubPullRequestProvider.fromConfig(
        githubConfig([{ host: 'ghe.acme.test', token: 'x-token' }]),
      );
      expect(only.supports('https://ghe.acme.test/a/b')).toBe(true);
      expect(only.supports('git@ghe.acme.test:a/b.git')).toBe(true);
      // Backstage adds a github.com integration without credentials.
      expect(only.supports('https://github.com/a/b')).toBe(false);
      expect(only.supports('https://gitlab.com/a/b')).toBe(false);
      expect(only.supports('file:///srv/config.git')).toBe(false);
      expect(only.supports('not a url')).toBe(false);
    });

    it('refuses a URL that is not owner/repo', async () => {
      await expect(
        provider.findOpenPullRequest('https://github.com/acme', 'b'),
      ).rejects.toMatchObject({
        name: 'InputError',
        message:
          '"github.com/acme" is not a GitHub repository; expected https://github.com/<owner>/<repo>',
      });
    });

    it('refuses requests GitHub would reject, before calling it', async () => {
      await expect(
        provider.openPullRequest({ ...openRequest, sourceBranch: 'main' }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        provider.openPullRequest({ ...openRequest, title: ' ' }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        provider.openPullRequest({ ...openRequest, sourceBranch: 'a\nb' }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(provider.getPullRequest(REPO_URL, 0)).rejects.toMatchObject({
        name: 'InputError',
      });
      expect(github.requests).toEqual([]);
    });

    it('keeps credentials embedded in the repository URL out of errors', async () => {
      const error = await provider
        .findOpenPullRequest('https://someone:hunter22@github.com/acme', 'b')
        .then(
          () => undefined,
          e => e,
        );
      expect(error).toMatchObject({ name: 'InputError' });
      expect(error.message).not.toContain('hunter22');
    });
  });
});
