import { ConflictError } from '@backstage/errors';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  ApplicationEnvironment,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { builtInHealthChecks } from '../health';
import { withTracking } from '../kubernetes';
import { captureLogger } from '../__testUtils__';
import {
  InMemoryStatusStore,
  testApplication,
  testEnvironment,
} from './__testUtils__/engineTestDoubles';
import { AgentSyncOptions, AgentTarget, ClusterAgent } from './ClusterAgent';
import { DesiredState } from './DesiredState';
import { ClaimedEnvironment, EnvironmentClaims } from './EnvironmentClaims';
import { ENGINE_ACTOR, EnvironmentReconciler } from './EnvironmentReconciler';
import { KnownApplications } from './KnownApplications';
import { ReconcileTrigger } from './ReconcileTrigger';
import { StatusWriter } from './StatusWriter';

const HEAD = 'c0ffee0000000000000000000000000000000000';

function configMap(value: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-settings', namespace: 'shop-dev' },
    data: { LOG_LEVEL: value },
  };
}

/**
 * A cluster as the agent sees it: `cluster` is what the API server holds,
 * `watched` what the watch last reported (the same unless a test makes the
 * watch lag).
 */
class FakeAgent implements ClusterAgent {
  cluster: KubernetesObject[] = [];
  watched?: KubernetesObject[];
  readonly observed: Array<'fresh' | 'watched'> = [];
  readonly dryRuns: AgentSyncOptions[] = [];

  async prepare(): Promise<void> {}

  async observe(
    _target: AgentTarget,
    options?: { fresh?: boolean },
  ): Promise<KubernetesObject[]> {
    this.observed.push(options?.fresh ? 'fresh' : 'watched');
    return options?.fresh ? this.cluster : this.watched ?? this.cluster;
  }

  async sync(
    _target: AgentTarget,
    desired: readonly KubernetesObject[],
    options: AgentSyncOptions,
  ) {
    this.dryRuns.push(options);
    return {
      applied: desired.map(object => ({
        id: object.metadata.name ?? '',
        action: 'created',
      })),
      pruned: [],
      errors: [],
    };
  }
}

type SyncCall = {
  actor: string;
  reason?: string;
  options: AgentSyncOptions;
};

function setup(
  options: {
    environment?: ApplicationEnvironment;
    syncFails?: Error;
    claimHeldElsewhere?: boolean;
    operationHolder?: string;
    /** Runs when the claim is taken, before the work under it. */
    beforeClaim?: (parts: {
      agent: FakeAgent;
      store: InMemoryStatusStore;
    }) => Promise<void>;
  } = {},
) {
  const environment = options.environment ?? testEnvironment('dev');
  const application = testApplication('shop', [environment]);
  const store = new InMemoryStatusStore();
  const { logger, lines } = captureLogger();
  let clock = new Date('2024-05-01T12:00:00Z');
  const now = () => clock;
  const known = new KnownApplications();
  const agent = new FakeAgent();
  const gitValue = { current: 'info' };
  const asked = { lsRemote: 0, resolveBranch: 0 };
  const syncCalls: SyncCall[] = [];
  const retries: Array<[string, number]> = [];
  const claimed: ClaimedEnvironment[] = [];
  const claims: EnvironmentClaims = {
    withClaim: async (claim, work) => {
      claimed.push(claim);
      if (options.claimHeldElsewhere) {
        return undefined;
      }
      await options.beforeClaim?.({ agent, store });
      return work();
    },
  };
  const desiredOf = (
    app: GitOpsApplication,
    env: ApplicationEnvironment,
    revision: string,
  ): DesiredState => {
    const rendered = [configMap(gitValue.current)];
    return {
      revision,
      rendered,
      objects: rendered.map(object =>
        withTracking(object, app.entityRef, env.name),
      ),
      version: '1.0.0',
      image: app.image,
    };
  };
  const pulled = {
    reconcile: jest.fn(async () => 'ok' as const),
    syncNow: jest.fn(async () => ({})),
  };
  const reconciler = new EnvironmentReconciler({
    repositories: {
      lsRemote: async () => {
        asked.lsRemote += 1;
        return { branch: 'main', revision: HEAD };
      },
      resolveBranch: async () => {
        asked.resolveBranch += 1;
        return { branch: 'main', revision: HEAD };
      },
    },
    known,
    desired: {
      read: async (app, env, revision) => desiredOf(app, env, revision),
    },
    agent,
    runner: { holderOf: async () => options.operationHolder },
    syncs: {
      run: async (_app, _env, desired, syncOptions, actor, reason) => {
        syncCalls.push({ actor, reason, options: syncOptions });
        if (options.syncFails) {
          throw options.syncFails;
        }
        agent.cluster = [...desired.objects];
        agent.watched = undefined;
        return {
          operation: { id: `op-${syncCalls.length}` } as Operation,
          after: agent.cluster,
        };
      },
    },
    claims,
    status: new StatusWriter({ statusStore: store, logger, now }),
    pulled,
    retries: {
      scheduleRetry: (app, env, delayMs) =>
        retries.push([`${app.entityRef} ${env.name}`, delayMs]),
    },
    healthChecks: builtInHealthChecks,
    logger,
    now,
  });
  const stored = () => store.get(application.entityRef, environment.name);
  /** Reconciles the environment, at the branch's head unless told. */
  const reconcile = (trigger: ReconcileTrigger = 'schedule', revision = HEAD) =>
    reconciler.reconcile(application, environment, trigger, revision);
  const later = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  return {
    reconciler,
    reconcile,
    application,
    environment,
    agent,
    store,
    stored,
    known,
    gitValue,
    asked,
    syncCalls,
    retries,
    claimed,
    pulled,
    lines,
    later,
  };
}

describe('EnvironmentReconciler', () => {
  it('syncs a new revision of an automated environment under its claim and stores the cluster as the sync left it', async () => {
    const { reconcile, agent, stored, syncCalls, claimed } = setup();
    expect(await reconcile()).toBe('synced');

    expect(claimed).toEqual([
      { entityRef: 'component:default/shop', environment: 'dev' },
    ]);
    expect(syncCalls).toEqual([
      {
        actor: ENGINE_ACTOR,
        reason: 'new-revision',
        options: { prune: true, force: false, live: [] },
      },
    ]);
    // The sync said what it left: no need to ask the cluster again.
    expect(agent.observed).toEqual(['watched']);
    expect(stored()).toMatchObject({
      revision: HEAD,
      syncStatus: 'Synced',
      lastSyncedRevision: HEAD,
      syncFailures: 0,
      message: undefined,
    });
  });

  it('compares a manual environment without syncing it', async () => {
    const { reconcile, stored, syncCalls, claimed } = setup({
      environment: testEnvironment('production', {
        sync: { automated: false, prune: false, selfHeal: false },
      }),
    });
    expect(await reconcile()).toBe('ok');
    expect(syncCalls).toEqual([]);
    expect(claimed).toEqual([]);
    expect(stored()).toMatchObject({
      syncStatus: 'OutOfSync',
      driftCount: 1,
      lastSyncedRevision: undefined,
    });
  });

  it('asks the cluster itself when a person asked', async () => {
    const { reconcile, agent } = setup();
    await reconcile('manual');
    expect(agent.observed[0]).toBe('fresh');
  });

  it('remembers a revision the cluster already runs as synced, without applying it', async () => {
    const { reconcile, agent, stored, syncCalls } = setup();
    await reconcile();
    agent.cluster = agent.cluster.map(object => ({ ...object }));
    const next = 'd00d000000000000000000000000000000000000';

    expect(await reconcile('schedule', next)).toBe('ok');
    expect(syncCalls).toHaveLength(1);
    expect(stored()).toMatchObject({
      revision: next,
      lastSyncedRevision: next,
      syncStatus: 'Synced',
    });
  });

  it('leaves the environment to the replica that holds its claim', async () => {
    const { reconcile, stored, syncCalls, lines } = setup({
      claimHeldElsewhere: true,
    });
    expect(await reconcile()).toBe('ok');
    expect(syncCalls).toEqual([]);
    expect(stored()).toBeUndefined();
    expect(lines).toEqual([
      expect.stringMatching(
        /^debug Another replica is syncing component:default\/shop in dev/,
      ),
    ]);
  });

  it('lets a running operation go first and says so', async () => {
    const { reconcile, stored, syncCalls } = setup({
      operationHolder: 'deploy-0001',
    });
    expect(await reconcile()).toBe('ok');
    expect(syncCalls).toEqual([]);
    expect(stored()).toMatchObject({
      syncStatus: 'OutOfSync',
      message: 'Waiting for operation deploy-0001 before syncing',
    });
  });

  it('remembers a failed sync, schedules its retry, and waits for the back-off', async () => {
    const { reconcile, agent, stored, syncCalls, retries, later } = setup({
      syncFails: new Error('admission webhook denied it'),
    });
    expect(await reconcile()).toBe('failed');
    expect(stored()).toMatchObject({
      syncStatus: 'OutOfSync',
      failedRevision: HEAD,
      syncFailures: 1,
      nextRetryAt: new Date('2024-05-01T12:00:05Z'),
      message: 'Automated sync failed (attempt 1): admission webhook denied it',
    });
    expect(retries).toEqual([['component:default/shop dev', 5_000]]);
    // What the failed sync left is read from the cluster itself.
    expect(agent.observed).toEqual(['watched', 'fresh']);

    later(1_000);
    expect(await reconcile('watch')).toBe('ok');
    expect(syncCalls).toHaveLength(1);
    expect(stored()?.message).toBe(
      'Automated sync failed 1 time(s): retrying c0ffee0 after 2024-05-01T12:00:05.000Z',
    );

    later(4_000);
    expect(await reconcile()).toBe('failed');
    expect(syncCalls.map(call => call.reason)).toEqual([
      'new-revision',
      'retry',
    ]);
    expect(stored()).toMatchObject({ syncFailures: 2 });
    expect(retries).toHaveLength(2);
    expect(retries[1][1]).toBe(10_000);
  });

  it('counts a sync the operation lock turned away as no failure', async () => {
    const { reconcile, stored, retries } = setup({
      syncFails: new ConflictError('Another operation is changing shop'),
    });
    expect(await reconcile()).toBe('ok');
    expect(retries).toEqual([]);
    expect(stored()).toMatchObject({
      syncStatus: 'OutOfSync',
      message: 'Another operation is changing shop',
      failedRevision: undefined,
    });
  });

  it('heals drift only when the cluster itself confirms it, with force', async () => {
    const { reconcile, application, agent, syncCalls } = setup({
      environment: testEnvironment('dev', {
        sync: { automated: true, prune: true, selfHeal: true },
      }),
    });
    await reconcile();

    // A lagging watch still shows an older value; the cluster does not.
    agent.watched = [
      withTracking(configMap('debug'), application.entityRef, 'dev'),
    ];
    expect(await reconcile('watch')).toBe('ok');
    expect(syncCalls).toHaveLength(1);

    agent.cluster = agent.watched;
    expect(await reconcile('watch')).toBe('synced');
    expect(syncCalls[1]).toMatchObject({
      reason: 'self-heal',
      options: { force: true },
    });
  });

  it('compares again from the cluster when another replica stored an observation meanwhile', async () => {
    const { reconcile, application, agent, syncCalls } = setup({
      environment: testEnvironment('dev', {
        sync: { automated: true, prune: true, selfHeal: true },
      }),
      // Another replica syncs between this one's comparison and its claim.
      beforeClaim: async ({ agent: cluster, store }) => {
        cluster.cluster = [
          withTracking(configMap('info'), application.entityRef, 'dev'),
        ];
        await store.saveObservation({
          entityRef: application.entityRef,
          environment: 'dev',
          revision: HEAD,
          syncStatus: 'Synced',
          health: 'Healthy',
          refreshedAt: new Date('2024-05-01T11:59:59Z'),
          lastSyncedRevision: HEAD,
        });
      },
    });
    // The comparison from before would show the other replica's objects
    // missing: drift to heal, with self-heal on.
    expect(await reconcile()).toBe('ok');
    expect(syncCalls).toEqual([]);
    expect(agent.observed).toEqual(['watched', 'fresh']);
  });

  it('records an error on the way as a failure of the environment', async () => {
    const { reconcile, agent, stored } = setup();
    agent.observe = async () => {
      throw new Error('connect ECONNREFUSED dev-cluster');
    };
    expect(await reconcile()).toBe('failed');
    expect(stored()).toMatchObject({
      syncStatus: 'Unknown',
      health: 'Unknown',
      message: 'connect ECONNREFUSED dev-cluster',
    });
  });

  it('reads the head last known, or asks Git when none is known', async () => {
    const { reconciler, application, environment, known, asked, stored } =
      setup({
        environment: testEnvironment('production', {
          sync: { automated: false, prune: false, selfHeal: false },
        }),
      });
    await reconciler.reconcile(application, environment, 'watch');
    expect(asked.lsRemote).toBe(1);
    expect(stored()?.revision).toBe(HEAD);

    known.rememberHead(application.entityRef, 'known-head');
    await reconciler.reconcile(application, environment, 'watch');
    expect(asked.lsRemote).toBe(1);
    expect(stored()?.revision).toBe('known-head');
  });

  it('hands environments Argo CD or Flux applies to the pull model', async () => {
    const argocd = testEnvironment('staging', {
      engine: { type: 'argocd', name: 'argocd', cluster: 'ops-cluster' },
    });
    const { reconciler, application, pulled, agent } = setup({
      environment: argocd,
    });
    await reconciler.reconcile(application, argocd, 'webhook', HEAD);
    await reconciler.syncNow(application, argocd, { prune: true }, 'user:x');
    expect(pulled.reconcile).toHaveBeenCalledWith(
      application,
      argocd,
      'webhook',
      HEAD,
    );
    expect(pulled.syncNow).toHaveBeenCalledWith(
      application,
      argocd,
      { prune: true },
      'user:x',
    );
    expect(agent.observed).toEqual([]);
  });

  describe('syncNow', () => {
    const manual = testEnvironment('production', {
      sync: { automated: false, prune: false, selfHeal: false },
    });

    it('applies nothing in a dry run and records no operation', async () => {
      const { reconciler, application, agent, syncCalls, known } = setup({
        environment: manual,
      });
      const result = await reconciler.syncNow(
        application,
        manual,
        { prune: true, dryRun: true },
        'user:default/jane',
      );
      expect(result.operation).toBeUndefined();
      expect(result.dryRun?.applied).toEqual([
        { id: 'shop-settings', action: 'created' },
      ]);
      expect(agent.dryRuns).toEqual([{ prune: true, dryRun: true }]);
      expect(syncCalls).toEqual([]);
      expect(known.headOf(application.entityRef)).toBe(HEAD);
    });

    it("syncs the branch's head as the person asked, then compares from the cluster", async () => {
      const { reconciler, application, agent, asked, syncCalls, stored } =
        setup({ environment: manual });
      const { operation } = await reconciler.syncNow(
        application,
        manual,
        { prune: false, force: true },
        'user:default/jane',
      );
      expect(operation).toEqual({ id: 'op-1' });
      expect(asked.resolveBranch).toBe(1);
      expect(syncCalls).toEqual([
        {
          actor: 'user:default/jane',
          reason: undefined,
          options: { prune: false, force: true },
        },
      ]);
      expect(agent.observed).toEqual(['fresh']);
      expect(stored()).toMatchObject({ revision: HEAD, syncStatus: 'Synced' });
    });
  });
});
