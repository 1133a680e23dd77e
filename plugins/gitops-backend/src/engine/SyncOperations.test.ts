import { ConflictError } from '@backstage/errors';
import { Operation } from '@slipway/plugin-gitops-common';
import { NewOperation, OperationUpdate } from '../database/OperationStore';
import { testApplication } from './__testUtils__/engineTestDoubles';
import { AgentSyncResult } from './ClusterAgent';
import { DesiredState } from './DesiredState';
import { SyncFailedError } from './SyncFailedError';
import { describeSync, SyncOperations } from './SyncOperations';

const application = testApplication('shop');
const [dev] = application.environments;
const desired: DesiredState = {
  revision: 'a1',
  objects: [],
  rendered: [],
  version: '1.2.0',
};

function setup(
  result: AgentSyncResult | Error,
  options: { lockHeld?: boolean } = {},
) {
  const requests: NewOperation[] = [];
  const updates: OperationUpdate[] = [];
  const runner = {
    run: async (
      request: NewOperation,
      work: (operation: Operation) => Promise<OperationUpdate>,
    ): Promise<Operation> => {
      requests.push(request);
      if (options.lockHeld) {
        throw new ConflictError('Another operation is changing shop');
      }
      const update = await work({} as Operation);
      updates.push(update);
      return { id: 'op-1', ...request, ...update } as unknown as Operation;
    },
  };
  const agent = {
    sync: jest.fn(async () => {
      if (result instanceof Error) {
        throw result;
      }
      return result;
    }),
  };
  const syncs: string[] = [];
  const operations: Operation[] = [];
  const sync = new SyncOperations({
    runner,
    agent,
    metrics: {
      recordSync: (environment, outcome) =>
        syncs.push(`${environment} ${outcome}`),
    },
    onOperation: operation => operations.push(operation),
  });
  return { sync, agent, requests, updates, syncs, operations };
}

const applied = (
  ...actions: string[]
): Pick<AgentSyncResult, 'applied' | 'pruned' | 'errors'> => ({
  applied: actions.map((action, i) => ({ id: `object-${i}`, action })),
  pruned: [],
  errors: [],
});

describe('SyncOperations', () => {
  it('records the sync as an operation with what it applied, counts it, and tells', async () => {
    const after = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } },
    ];
    const { sync, agent, requests, updates, syncs, operations } = setup({
      ...applied('created', 'unchanged'),
      after,
    });
    const result = await sync.run(
      application,
      dev,
      desired,
      { prune: true },
      'user:default/jane',
    );

    expect(agent.sync).toHaveBeenCalledWith(
      {
        cluster: 'dev-cluster',
        application: 'component:default/shop',
        environment: 'dev',
        namespace: 'shop-dev',
      },
      [],
      { prune: true },
    );
    expect(requests).toEqual([
      {
        entityRef: 'component:default/shop',
        environment: 'dev',
        kind: 'sync',
        actor: 'user:default/jane',
        toVersion: '1.2.0',
      },
    ]);
    expect(updates).toEqual([
      {
        revision: 'a1',
        message: 'Synced: 1 created, 0 configured, 1 unchanged',
      },
    ]);
    expect(result.after).toBe(after);
    expect(syncs).toEqual(['dev succeeded']);
    expect(operations).toEqual([result.operation]);
  });

  it('fails the operation when the agent reports errors, and counts the failure', async () => {
    const { sync, syncs, operations } = setup({
      applied: [
        { id: 'apps/Deployment shop', action: 'failed', error: 'invalid' },
      ],
      pruned: [],
      errors: ['Deployment shop: invalid'],
    });
    await expect(
      sync.run(application, dev, desired, { prune: false }, 'slipway'),
    ).rejects.toBeInstanceOf(SyncFailedError);
    expect(syncs).toEqual(['dev failed']);
    expect(operations).toEqual([]);
  });

  it('does not count a sync the operation lock turned away as failed', async () => {
    const { sync, agent, syncs } = setup(applied(), { lockHeld: true });
    await expect(
      sync.run(application, dev, desired, { prune: false }, 'slipway'),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(agent.sync).not.toHaveBeenCalled();
    expect(syncs).toEqual([]);
  });
});

describe('describeSync', () => {
  it('counts what was created, configured, left unchanged and pruned', () => {
    expect(
      describeSync({
        ...applied('created', 'configured', 'configured', 'unchanged'),
        pruned: [
          { id: 'a', action: 'deleted' },
          { id: 'b', action: 'skipped' },
        ],
      }),
    ).toBe('Synced: 1 created, 2 configured, 1 unchanged, 1 pruned');
  });

  it('says why an automated sync ran', () => {
    expect(describeSync(applied('configured'), 'self-heal')).toBe(
      'Synced (self heal): 0 created, 1 configured, 0 unchanged',
    );
    expect(describeSync(applied(), 'new-revision')).toBe(
      'Synced (new revision): 0 created, 0 configured, 0 unchanged',
    );
  });
});
