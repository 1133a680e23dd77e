import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import os from 'node:os';
import { parse } from 'yaml';
import { PluginApiClient } from '../clients/PluginApiClient';
import { createDeployAction, DEPLOY_ACTION_ID } from './createDeployAction';
import { examples } from './createDeployAction.examples';

const BASE = 'http://localhost:7007/api';

const server = setupServer();

describe('gitops:deploy examples', () => {
  const deployed: Array<{ path: string; body: unknown }> = [];

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    deployed.length = 0;
    server.use(
      http.get(`${BASE}/catalog/entities/by-name/:kind/:namespace/:name`, () =>
        HttpResponse.json({ kind: 'Component', metadata: { name: 'x' } }),
      ),
      http.post(
        `${BASE}/gitops/entities/:kind/:namespace/:name/deploy`,
        async ({ request, params }) => {
          const body = (await request.json()) as Record<string, string>;
          deployed.push({ path: new URL(request.url).pathname, body });
          return HttpResponse.json(
            {
              operation: {
                id: 'op-1',
                entityRef: `${params.kind}:${params.namespace}/${params.name}`,
                environment: body.environment,
                kind: 'deploy',
                state: 'succeeded',
                actor: 'user:development/guest',
                toVersion: body.version,
                revision: 'b'.repeat(40),
                createdAt: '2026-01-01T00:00:00.000Z',
              },
            },
            { status: 201 },
          );
        },
      ),
    );
  });
  afterEach(() => server.resetHandlers());

  function createAction() {
    return createDeployAction({
      client: new PluginApiClient({
        discovery: {
          getBaseUrl: async id => `${BASE}/${id}`,
          getExternalBaseUrl: async id => `${BASE}/${id}`,
        },
        auth: {
          getPluginRequestToken: async () => ({ token: 'token' }),
        } as any,
      }),
      pollIntervalMs: 5,
    });
  }

  it('has examples that the action advertises', () => {
    expect(createAction().examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(example => [example.description, example] as const))(
    'runs: %s',
    async (_description, example) => {
      const { steps } = parse(example.example);
      expect(steps).toHaveLength(1);
      const [step] = steps;
      expect(step.action).toBe(DEPLOY_ACTION_ID);

      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: os.tmpdir(),
      });
      await createAction().handler(ctx as any);

      const [kind, rest] = step.input.entityRef.split(':');
      const [namespace, name] = rest.split('/');
      expect(deployed).toEqual([
        {
          path: `/api/gitops/entities/${kind}/${namespace}/${name}/deploy`,
          body: {
            environment: step.input.environment,
            version: step.input.version,
          },
        },
      ]);
      expect(ctx.output).toHaveBeenCalledWith('operationId', 'op-1');
      expect(ctx.output).toHaveBeenCalledWith('revision', 'b'.repeat(40));
    },
  );
});
