/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { ApplicationStatus } from '@slipway/plugin-gitops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GitOpsClient } from './GitOpsClient';

const BASE_URL = 'http://backstage.test/api/gitops';

const STATUS: ApplicationStatus = {
  entityRef: 'component:default/payments',
  configRepo: {
    url: 'https://github.com/acme/payments-config',
    path: '.',
  },
  environments: [
    {
      name: 'dev',
      cluster: 'dev-cluster',
      overlayPath: 'envs/dev',
      protected: false,
      changes: 'commit',
      automated: true,
      version: '1.2.3',
      syncStatus: 'Synced',
      health: 'Healthy',
      driftCount: 0,
      resources: [],
      engine: { type: 'builtin', name: 'builtin' },
    },
  ],
};

describe('GitOpsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = {
    getBaseUrl: jest.fn(async (_pluginId: string) => BASE_URL),
  };
  const fetchApi = { fetch: jest.fn((input, init) => fetch(input, init)) };
  const client = new GitOpsClient({ discoveryApi, fetchApi });

  beforeEach(() => {
    discoveryApi.getBaseUrl.mockClear();
    fetchApi.fetch.mockClear();
  });

  it("reads an application's status from the gitops backend through fetchApi", async () => {
    const paths: string[] = [];
    server.use(
      http.get(
        `${BASE_URL}/entities/:kind/:namespace/:name/status`,
        ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json(STATUS);
        },
      ),
    );

    await expect(
      client.getApplicationStatus({
        kind: 'Component',
        namespace: 'default',
        name: 'payments',
      }),
    ).resolves.toEqual(STATUS);

    expect(paths).toEqual([
      '/api/gitops/entities/component/default/payments/status',
    ]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('gitops');
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });

  it('lowercases and encodes each part of the entity reference', async () => {
    const rawPaths: string[] = [];
    server.use(
      http.get(
        `${BASE_URL}/entities/:kind/:namespace/:name/status`,
        ({ request }) => {
          rawPaths.push(new URL(request.url).pathname);
          return HttpResponse.json(STATUS);
        },
      ),
    );

    await client.getApplicationStatus({
      kind: 'Component',
      namespace: 'Team A',
      name: 'Payments/API?v=2#x',
    });

    expect(rawPaths).toEqual([
      '/api/gitops/entities/component/team%20a/payments%2Fapi%3Fv%3D2%23x/status',
    ]);
  });

  it.each([
    [404, 'NotFoundError', 'No status for component:default/payments'],
    [500, 'Error', 'Database unavailable'],
    [403, 'NotAllowedError', 'Access denied'],
  ])(
    'turns a %d into a ResponseError carrying the backend message',
    async (status, name, message) => {
      server.use(
        http.get(`${BASE_URL}/entities/component/default/payments/status`, () =>
          HttpResponse.json(
            {
              error: { name, message },
              request: {
                method: 'GET',
                url: '/api/gitops/entities/component/default/payments/status',
              },
              response: { statusCode: status },
            },
            { status },
          ),
        ),
      );

      const error = await client
        .getApplicationStatus({
          kind: 'component',
          namespace: 'default',
          name: 'payments',
        })
        .catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      // ResponseError keeps the backend's error as its cause; that is what
      // ResponseErrorPanel shows.
      expect(error.message).toMatch(
        new RegExp(`^Request failed with ${status}`),
      );
      expect(error.cause).toMatchObject({ name, message });
      expect(error.body.error.message).toBe(message);
    },
  );

  it('turns a non-JSON error body into a ResponseError too', async () => {
    server.use(
      http.get(
        `${BASE_URL}/entities/component/default/payments/status`,
        () => new HttpResponse('upstream timed out', { status: 502 }),
      ),
    );

    const error = await client
      .getApplicationStatus({
        kind: 'component',
        namespace: 'default',
        name: 'payments',
      })
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });
});
