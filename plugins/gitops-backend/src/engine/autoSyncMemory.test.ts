import { memoryOf, memoryOfFailed, memoryOfSynced } from './autoSyncMemory';

const now = new Date('2024-05-01T12:00:00Z');

describe('autoSyncMemory', () => {
  it('reads the memory of a stored observation, and none without one', () => {
    const nextRetryAt = new Date('2024-05-01T12:00:05Z');
    expect(
      memoryOf({
        entityRef: 'component:default/shop',
        environment: 'dev',
        syncStatus: 'OutOfSync',
        health: 'Healthy',
        refreshedAt: now,
        lastSyncedRevision: 'a1',
        failedRevision: 'b2',
        syncFailures: 2,
        nextRetryAt,
      }),
    ).toEqual({
      lastSyncedRevision: 'a1',
      failedRevision: 'b2',
      syncFailures: 2,
      nextRetryAt,
    });
    expect(memoryOf(undefined)).toEqual({});
  });

  it('forgets a failing revision once a revision is synced', () => {
    expect(memoryOfSynced('c3')).toEqual({
      lastSyncedRevision: 'c3',
      failedRevision: undefined,
      syncFailures: 0,
      nextRetryAt: undefined,
    });
  });

  it('counts failures of the same revision and backs off longer each time', () => {
    const first = memoryOfFailed({ lastSyncedRevision: 'a1' }, 'b2', now);
    expect(first).toEqual({
      lastSyncedRevision: 'a1',
      failedRevision: 'b2',
      syncFailures: 1,
      nextRetryAt: new Date(now.getTime() + 5_000),
    });
    const second = memoryOfFailed(first, 'b2', now);
    expect(second).toMatchObject({
      syncFailures: 2,
      nextRetryAt: new Date(now.getTime() + 10_000),
    });
  });

  it('starts counting afresh for a new failing revision', () => {
    expect(
      memoryOfFailed({ failedRevision: 'b2', syncFailures: 4 }, 'c3', now),
    ).toMatchObject({ failedRevision: 'c3', syncFailures: 1 });
  });
});
