/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { EnvironmentDiff, Operation } from '@slipway/plugin-gitops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GitOpsClient } from './GitOpsClient';

const BASE_URL = 'http://backstage.test/api/gitops';
const ENTITY = { kind: 'Component', namespace: 'default', name: 'payments' };
const ENTITY_PATH = `${BASE_URL}/entities/component/default/payments`;

const OPERATION: Operation = {
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  entityRef: 'component:default/payments',
  environment: 'dev',
  kind: 'deploy',
  state: 'succeeded',
  actor: 'user:default/jane.doe',
  fromVersion: '1.4.0',
  toVersion: '1.5.0',
  revision: '3333333ccccccc3333333ccccccc3333333ccccc',
  createdAt: '2026-05-04T10:00:00.000Z',
};

describe('GitOpsClient changes and lists', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new GitOpsClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it.each([
    [
      'deploy',
      () =>
        client.deploy(ENTITY, {
          environment: 'dev',
          version: '1.5.0',
          expectedVersion: '1.4.0',
          dryRun: true,
        }),
      {
        environment: 'dev',
        version: '1.5.0',
        expectedVersion: '1.4.0',
        dryRun: true,
      },
    ],
    [
      'promote',
      () => client.promote(ENTITY, { from: 'dev', to: 'staging' }),
      { from: 'dev', to: 'staging' },
    ],
    [
      'rollback',
      () =>
        client.rollback(ENTITY, {
          environment: 'dev',
          revision: 'abcdef0',
          dryRun: false,
        }),
      { environment: 'dev', revision: 'abcdef0', dryRun: false },
    ],
    [
      'sync',
      () => client.sync(ENTITY, { environment: 'dev', prune: true }),
      { environment: 'dev', prune: true },
    ],
  ])(
    'posts a %s as JSON and returns the answer',
    async (action, call, body) => {
      const received: unknown[] = [];
      server.use(
        http.post(`${ENTITY_PATH}/${action}`, async ({ request }) => {
          expect(request.headers.get('content-type')).toBe('application/json');
          received.push(await request.json());
          return HttpResponse.json({ operation: OPERATION }, { status: 201 });
        }),
      );
      await expect(call()).resolves.toEqual({ operation: OPERATION });
      expect(received).toEqual([body]);
    },
  );

  it("turns a conflict into a ResponseError with the backend's message", async () => {
    server.use(
      http.post(`${ENTITY_PATH}/deploy`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: 'dev already runs 1.2.0' },
            request: { method: 'POST', url: '/deploy' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .deploy(ENTITY, { environment: 'dev', version: '1.2.0' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('dev already runs 1.2.0');
  });

  it("returns a sync's dry run as the cluster would do it", async () => {
    const dryRun = {
      applied: [
        { id: 'apps/Deployment payments-dev/api', action: 'configured' },
        {
          id: 'networking.k8s.io/Ingress payments-dev/api',
          action: 'failed',
          error: 'admission webhook denied the request',
        },
      ],
      pruned: [{ id: 'ConfigMap payments-dev/old', action: 'deleted' }],
      errors: [
        'networking.k8s.io/Ingress payments-dev/api: admission webhook denied the request',
      ],
    };
    const received: unknown[] = [];
    server.use(
      http.post(`${ENTITY_PATH}/sync`, async ({ request }) => {
        received.push(await request.json());
        return HttpResponse.json({ dryRun });
      }),
    );
    await expect(
      client.sync(ENTITY, { environment: 'dev', prune: true, dryRun: true }),
    ).resolves.toEqual({ dryRun });
    expect(received).toEqual([
      { environment: 'dev', prune: true, dryRun: true },
    ]);
  });

  it('turns a refused sync into a ResponseError with the message', async () => {
    server.use(
      http.post(`${ENTITY_PATH}/sync`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'production is protected',
            },
            request: { method: 'POST', url: '/sync' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client
      .sync(ENTITY, { environment: 'production' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe('production is protected');
  });

  it("reads an environment's field-level diff", async () => {
    const diff: EnvironmentDiff = {
      environment: 'staging env',
      revision: '3333333ccccccc3333333ccccccc3333333ccccc',
      resources: [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'payments',
          name: 'api',
          syncStatus: 'OutOfSync',
          health: 'Healthy',
          changes: [
            {
              path: 'spec.replicas',
              desired: 3,
              live: 2,
            },
          ],
        },
      ],
      text: 'apps/Deployment payments/api (OutOfSync)\n',
    };
    const urls: string[] = [];
    server.use(
      http.get(`${ENTITY_PATH}/diff`, ({ request }) => {
        urls.push(new URL(request.url).search);
        return HttpResponse.json(diff);
      }),
    );
    await expect(client.getDiff(ENTITY, 'staging env')).resolves.toEqual(diff);
    expect(urls).toEqual(['?environment=staging+env']);
  });

  it('lists operations with the filter and page in the query', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${ENTITY_PATH}/operations`, ({ request }) => {
        urls.push(new URL(request.url).search);
        return HttpResponse.json({ items: [OPERATION], nextOffset: 40 });
      }),
    );
    await expect(
      client.listOperations(ENTITY, {
        environment: 'dev',
        limit: 20,
        offset: 20,
      }),
    ).resolves.toEqual({ items: [OPERATION], nextOffset: 40 });
    await client.listOperations(ENTITY);
    expect(urls).toEqual(['?environment=dev&limit=20&offset=20', '']);
  });

  it("reads an environment's history", async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${ENTITY_PATH}/history`, ({ request }) => {
        urls.push(new URL(request.url).search);
        return HttpResponse.json({ items: [] });
      }),
    );
    await expect(
      client.getHistory(ENTITY, { environment: 'production', limit: 50 }),
    ).resolves.toEqual({ items: [] });
    expect(urls).toEqual(['?environment=production&limit=50']);
  });

  it('reads one operation, encoding its id', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${BASE_URL}/operations/:id`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(OPERATION);
      }),
    );
    await expect(client.getOperation(OPERATION.id)).resolves.toEqual(OPERATION);
    await client.getOperation('a/b').catch(() => undefined);
    expect(paths).toEqual([
      `/api/gitops/operations/${OPERATION.id}`,
      '/api/gitops/operations/a%2Fb',
    ]);
  });
});
