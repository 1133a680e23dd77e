/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GitOpsClient } from './GitOpsClient';

const BASE_URL = 'http://backstage.test/api/gitops';
const ENTITY = { kind: 'Component', namespace: 'default', name: 'payments' };
const ENTITY_PATH = `${BASE_URL}/entities/component/default/payments`;

describe('GitOpsClient engine controls', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new GitOpsClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it.each([
    ['terminate', () => client.terminate(ENTITY, { environment: 'dev' })],
    ['suspend', () => client.suspend(ENTITY, { environment: 'dev' })],
    ['resume', () => client.resume(ENTITY, { environment: 'dev' })],
  ])('posts a %s of the environment as JSON', async (action, call) => {
    const received: Array<{ method: string; path: string; body: unknown }> = [];
    server.use(
      http.all(`${BASE_URL}/*`, async ({ request }) => {
        expect(request.headers.get('content-type')).toBe('application/json');
        received.push({
          method: request.method,
          path: new URL(request.url).pathname,
          body: await request.json(),
        });
        return HttpResponse.json({ environment: 'dev' });
      }),
    );
    await expect(call()).resolves.toBeUndefined();
    expect(received).toEqual([
      {
        method: 'POST',
        path: `/api/gitops/entities/component/default/payments/${action}`,
        body: { environment: 'dev' },
      },
    ]);
  });

  it("turns a refusal into a ResponseError with the backend's message", async () => {
    server.use(
      http.post(`${ENTITY_PATH}/terminate`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'No sync operation of dev is running',
            },
            request: { method: 'POST', url: '/terminate' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .terminate(ENTITY, { environment: 'dev' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('No sync operation of dev is running');
  });
});
