import { EnvironmentObservation } from '../database/StatusStore';
import { captureLogger } from '../__testUtils__';
import {
  InMemoryStatusStore,
  testApplication,
} from './__testUtils__/engineTestDoubles';
import { EnvironmentComparison } from './compareEnvironment';
import {
  comparedObservation,
  failedObservation,
  StatusWriter,
} from './StatusWriter';

const application = testApplication('shop');
const [dev] = application.environments;
const desired = {
  revision: 'a1',
  version: '1.0.0',
  image: 'ghcr.io/acme/shop',
};
const synced: EnvironmentComparison = {
  syncStatus: 'Synced',
  health: 'Healthy',
  driftCount: 0,
  resources: [],
  liveVersion: '1.0.0',
};

function setup(start = new Date('2024-05-01T12:00:00Z')) {
  const store = new InMemoryStatusStore();
  const { logger, lines } = captureLogger();
  const changed: string[] = [];
  const health: string[] = [];
  let clock = start;
  const writer = new StatusWriter({
    statusStore: store,
    logger,
    metrics: {
      recordHealth: (entityRef, environment, status) =>
        health.push(`${entityRef} ${environment} ${status}`),
    },
    onStatusChanged: (entityRef, environment) =>
      changed.push(`${entityRef} ${environment}`),
    now: () => clock,
  });
  const later = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  /** Stores the same comparison again, as a watch event would. */
  const saveSynced = async () =>
    writer.saveCompared(
      {
        application,
        environment: dev,
        desired,
        comparison: synced,
        memory: {},
      },
      await writer.previous(application, dev),
    );
  return { store, writer, lines, changed, health, later, saveSynced };
}

describe('StatusWriter', () => {
  it('stores a comparison with the memory, records its health and tells viewers', async () => {
    const { store, writer, changed, health } = setup();
    await writer.saveCompared(
      {
        application,
        environment: dev,
        desired,
        comparison: synced,
        memory: { lastSyncedRevision: 'a1', syncFailures: 0 },
      },
      undefined,
    );
    expect(store.get(application.entityRef, 'dev')).toMatchObject({
      revision: 'a1',
      version: '1.0.0',
      syncStatus: 'Synced',
      health: 'Healthy',
      liveVersion: '1.0.0',
      lastSyncedRevision: 'a1',
      syncFailures: 0,
    });
    expect(changed).toEqual(['component:default/shop dev']);
    expect(health).toEqual(['component:default/shop dev Healthy']);
    expect(await writer.previous(application, dev)).toMatchObject({
      revision: 'a1',
    });
  });

  it('neither rewrites nor signals a status that did not change, but keeps its health metric', async () => {
    const { store, changed, health, later, saveSynced } = setup();
    await saveSynced();
    later(1_000);
    await saveSynced();
    expect(store.writes).toBe(1);
    expect(changed).toHaveLength(1);
    expect(health).toHaveLength(2);
  });

  it('rewrites an unchanged status that grew old, without telling viewers', async () => {
    const { store, changed, later, saveSynced } = setup();
    await saveSynced();
    later(61_000);
    await saveSynced();
    expect(store.writes).toBe(2);
    expect(changed).toHaveLength(1);
  });

  it('records a failure as Unknown, keeping what was last known, and logs why', async () => {
    const { store, writer, lines, changed, later, saveSynced } = setup();
    await saveSynced();
    later(1_000);
    await writer.recordFailure(application, dev, new Error('cluster down'));

    expect(store.get(application.entityRef, 'dev')).toMatchObject({
      revision: 'a1',
      version: '1.0.0',
      liveVersion: '1.0.0',
      syncStatus: 'Unknown',
      health: 'Unknown',
      message: 'cluster down',
    });
    expect(changed).toHaveLength(2);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warn Reconciling component:default\/shop in dev failed: cluster down/,
      ),
    ]);
  });
});

describe('comparedObservation', () => {
  it('is the comparison, the desired revision and the memory, as stored', () => {
    const refreshedAt = new Date('2024-05-01T12:00:00Z');
    expect(
      comparedObservation(
        {
          application,
          environment: dev,
          desired,
          comparison: { ...synced, syncStatus: 'OutOfSync', driftCount: 2 },
          memory: { failedRevision: 'a1', syncFailures: 1 },
          message: 'Automated sync failed',
        },
        refreshedAt,
      ),
    ).toEqual<EnvironmentObservation>({
      entityRef: 'component:default/shop',
      environment: 'dev',
      revision: 'a1',
      version: '1.0.0',
      image: 'ghcr.io/acme/shop',
      syncStatus: 'OutOfSync',
      health: 'Healthy',
      message: 'Automated sync failed',
      refreshedAt,
      liveVersion: '1.0.0',
      driftCount: 2,
      resources: [],
      failedRevision: 'a1',
      syncFailures: 1,
    });
  });
});

describe('failedObservation', () => {
  const refreshedAt = new Date('2024-05-01T12:00:00Z');

  it('names the application and its image when nothing was stored before', () => {
    expect(
      failedObservation({
        application,
        environment: dev,
        previous: undefined,
        message: 'repository not found',
        refreshedAt,
      }),
    ).toEqual({
      entityRef: 'component:default/shop',
      environment: 'dev',
      image: 'ghcr.io/acme/shop',
      syncStatus: 'Unknown',
      health: 'Unknown',
      message: 'repository not found',
      refreshedAt,
    });
  });

  it('keeps the automated sync memory of the previous observation', () => {
    const previous: EnvironmentObservation = {
      entityRef: 'component:default/shop',
      environment: 'dev',
      revision: 'a1',
      syncStatus: 'Synced',
      health: 'Healthy',
      refreshedAt: new Date(0),
      lastSyncedRevision: 'a1',
    };
    expect(
      failedObservation({
        application,
        environment: dev,
        previous,
        message: 'cluster down',
        refreshedAt,
      }),
    ).toEqual({
      ...previous,
      syncStatus: 'Unknown',
      health: 'Unknown',
      message: 'cluster down',
      refreshedAt,
    });
  });
});
