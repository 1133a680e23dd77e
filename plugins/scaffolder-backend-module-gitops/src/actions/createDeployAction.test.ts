import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Operation } from '@slipway/plugin-gitops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import os from 'node:os';
import { PluginApiClient } from '../clients/PluginApiClient';
import { createDeployAction, DEPLOY_ACTION_ID } from './createDeployAction';

const BASE = 'http://localhost:7007/api';
const ENTITY_PATH = '/entities/component/default/payments';

const discovery = {
  getBaseUrl: async (pluginId: string) => `${BASE}/${pluginId}`,
  getExternalBaseUrl: async (pluginId: string) => `${BASE}/${pluginId}`,
};

function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: '6f1c2a34-0000-4000-8000-000000000001',
    entityRef: 'component:default/payments',
    environment: 'dev',
    kind: 'deploy',
    state: 'succeeded',
    actor: 'user:development/guest',
    toVersion: '0.1.0',
    revision: 'a'.repeat(40),
    branch: 'main',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

interface Recorded {
  method: string;
  path: string;
  authorization: string | null;
  body?: unknown;
}

const server = setupServer();

describe('gitops:deploy', () => {
  let requests: Recorded[];
  let auth: { getPluginRequestToken: jest.Mock };

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  beforeEach(() => {
    requests = [];
    auth = {
      getPluginRequestToken: jest.fn(
        async (options: { targetPluginId: string }) => ({
          token: `token-for-${options.targetPluginId}`,
        }),
      ),
    };
  });

  afterEach(() => server.resetHandlers());

  async function record(request: Request) {
    const url = new URL(request.url);
    requests.push({
      method: request.method,
      path: url.pathname,
      authorization: request.headers.get('authorization'),
      body:
        request.method === 'POST' ? await request.clone().json() : undefined,
    });
  }

  /** The catalog answers 404 `missingLooks` times before it serves the entity. */
  function catalog(missingLooks = 0) {
    let looks = 0;
    return http.get(
      `${BASE}/catalog/entities/by-name/:kind/:namespace/:name`,
      async ({ request }) => {
        await record(request);
        looks += 1;
        if (looks <= missingLooks) {
          return HttpResponse.json(
            { error: { name: 'NotFoundError', message: 'not found' } },
            { status: 404 },
          );
        }
        return HttpResponse.json({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments', namespace: 'default' },
        });
      },
    );
  }

  function deploy(status: number, body: Record<string, any>) {
    return http.post(
      `${BASE}/gitops/entities/:kind/:namespace/:name/deploy`,
      async ({ request }) => {
        await record(request);
        return HttpResponse.json(body, { status });
      },
    );
  }

  function backendError(status: number, name: string, message: string) {
    return deploy(status, {
      error: { name, message },
      request: { method: 'POST', url: `/api/gitops${ENTITY_PATH}/deploy` },
      response: { statusCode: status },
    });
  }

  function createAction() {
    return createDeployAction({
      client: new PluginApiClient({ discovery, auth: auth as any }),
      pollIntervalMs: 5,
    });
  }

  async function run(
    input: Record<string, unknown>,
    checkpoint?: (opts: { key: string; fn: () => unknown }) => Promise<unknown>,
  ) {
    const ctx = createMockActionContext({
      input: input as any,
      // The deploy writes nothing; any existing folder will do.
      workspacePath: os.tmpdir(),
    });
    if (checkpoint) {
      ctx.checkpoint = checkpoint as any;
    }
    await createAction().handler(ctx as any);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
    return { outputs, credentials: await ctx.getInitiatorCredentials() };
  }

  const INPUT = {
    entityRef: 'component:default/payments',
    environment: 'dev',
    version: '0.1.0',
  };

  it('has the expected id', () => {
    expect(createAction().id).toBe(DEPLOY_ACTION_ID);
    expect(DEPLOY_ACTION_ID).toBe('gitops:deploy');
  });

  it("deploys through the gitops backend's deploy endpoint as the initiator", async () => {
    server.use(catalog(), deploy(201, { operation: operation() }));
    const { outputs, credentials } = await run(INPUT);

    expect(requests).toEqual([
      {
        method: 'GET',
        path: `/api/catalog/entities/by-name/component/default/payments`,
        authorization: 'Bearer token-for-catalog',
        body: undefined,
      },
      {
        method: 'POST',
        path: `/api/gitops${ENTITY_PATH}/deploy`,
        authorization: 'Bearer token-for-gitops',
        body: { environment: 'dev', version: '0.1.0' },
      },
    ]);
    // Tokens are issued on behalf of the initiator, so both plugins apply
    // their permissions to the person who ran the template.
    expect(auth.getPluginRequestToken).toHaveBeenCalledWith({
      onBehalfOf: credentials,
      targetPluginId: 'catalog',
    });
    expect(auth.getPluginRequestToken).toHaveBeenCalledWith({
      onBehalfOf: credentials,
      targetPluginId: 'gitops',
    });
    expect(outputs).toEqual({
      operationId: operation().id,
      revision: 'a'.repeat(40),
    });
  });

  it('outputs the pull request of an environment changed by pull request', async () => {
    const pullRequestUrl = 'https://github.com/acme/payments-config/pull/7';
    server.use(
      catalog(),
      deploy(201, {
        operation: operation({
          environment: 'production',
          branch: 'slipway/deploy-production-6f1c2a34',
          pullRequestUrl,
        }),
      }),
    );
    const { outputs } = await run({ ...INPUT, environment: 'production' });
    expect(outputs.pullRequestUrl).toBe(pullRequestUrl);
    expect(requests[1].body).toEqual({
      environment: 'production',
      version: '0.1.0',
    });
  });

  it('waits until the catalog has ingested the entity', async () => {
    server.use(catalog(3), deploy(201, { operation: operation() }));
    const { outputs } = await run(INPUT);
    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /api/catalog/entities/by-name/component/default/payments',
      'GET /api/catalog/entities/by-name/component/default/payments',
      'GET /api/catalog/entities/by-name/component/default/payments',
      'GET /api/catalog/entities/by-name/component/default/payments',
      `POST /api/gitops${ENTITY_PATH}/deploy`,
    ]);
    expect(outputs.operationId).toBe(operation().id);
  });

  it('accepts a reference without namespace and encodes the names', async () => {
    server.use(catalog(), deploy(201, { operation: operation() }));
    await run({ ...INPUT, entityRef: 'Component:pay%ments' });
    expect(requests.map(r => r.path)).toEqual([
      '/api/catalog/entities/by-name/component/default/pay%25ments',
      '/api/gitops/entities/component/default/pay%25ments/deploy',
    ]);
  });

  it('deploys once when a retried task runs the step again', async () => {
    server.use(catalog(), deploy(201, { operation: operation() }));
    const stored = new Map<string, unknown>();
    const checkpoint = async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => unknown;
    }) => {
      if (!stored.has(key)) {
        stored.set(key, await fn());
      }
      return stored.get(key);
    };
    const first = await run(INPUT, checkpoint);
    const second = await run(INPUT, checkpoint);
    expect(second.outputs).toEqual(first.outputs);
    expect(requests.filter(r => r.method === 'POST')).toHaveLength(1);
    expect([...stored.keys()]).toEqual([
      'deploy.component:default/payments.dev.0.1.0',
    ]);
  });

  describe('surfaces', () => {
    it.each([
      [
        403,
        'NotAllowedError',
        'You are not allowed to deploy component:default/payments',
      ],
      [409, 'ConflictError', 'dev already runs 0.1.0'],
      [
        400,
        'InputError',
        'component:default/payments has no environment "qa"; its pipeline is dev → staging → production',
      ],
      [
        404,
        'NotFoundError',
        'No entity component:default/payments in the catalog',
      ],
    ])(
      'a %i from the backend with its message',
      async (status, name, message) => {
        server.use(catalog(), backendError(status, name, message));
        const promise = run(INPUT);
        await expect(promise).rejects.toMatchObject({
          name,
          message: `Deploying 0.1.0 of component:default/payments to dev failed: ${message}`,
        });
      },
    );

    it('a server error with its status', async () => {
      server.use(catalog(), backendError(500, 'Error', 'the disk is full'));
      await expect(run(INPUT)).rejects.toThrow(
        'Deploying 0.1.0 of component:default/payments to dev failed: the disk is full (HTTP 500)',
      );
    });

    it('an operation that the backend recorded as failed', async () => {
      server.use(
        catalog(),
        deploy(201, {
          operation: operation({
            state: 'failed',
            revision: undefined,
            message: 'push rejected',
          }),
        }),
      );
      await expect(run(INPUT)).rejects.toThrow(
        'Deploying 0.1.0 of component:default/payments to dev failed: push rejected',
      );
    });

    it('a catalog that refuses to show the entity', async () => {
      server.use(
        http.get(
          `${BASE}/catalog/entities/by-name/:kind/:namespace/:name`,
          () =>
            HttpResponse.json(
              {
                error: { name: 'AuthenticationError', message: 'bad token' },
                response: { statusCode: 401 },
              },
              { status: 401 },
            ),
        ),
      );
      await expect(run(INPUT)).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          'Could not read component:default/payments from the catalog: bad token',
      });
    });
  });

  describe('refuses', () => {
    it('to wait for the catalog longer than its timeout', async () => {
      server.use(catalog(Number.MAX_SAFE_INTEGER));
      const promise = run({ ...INPUT, timeoutSeconds: 1 });
      await expect(promise).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
      });
      await expect(promise).rejects.toThrow(
        'component:default/payments did not appear in the catalog within 1 s; check that its catalog-info.yaml was registered and has no errors',
      );
      expect(requests.every(r => r.method === 'GET')).toBe(true);
    });

    it.each([['payments'], ['component:default/'], ['a:b/c/d'], ['']])(
      'the entity reference %j without calling anything',
      async entityRef => {
        await expect(run({ ...INPUT, entityRef })).rejects.toMatchObject({
          name: 'InputError',
          message: `entityRef "${entityRef}" is not an entity reference; expected kind:namespace/name, e.g. component:default/payments`,
        });
        expect(requests).toEqual([]);
      },
    );

    it('an empty environment or version', async () => {
      await expect(run({ ...INPUT, version: ' ' })).rejects.toThrow(
        'environment and version must not be empty',
      );
      expect(requests).toEqual([]);
    });
  });
});
