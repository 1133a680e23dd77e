import {
  AutoSyncDecision,
  AutoSyncMemory,
  decideAutoSync,
  MAX_AUTOMATED_ATTEMPTS,
  retryDelayMs,
} from './decideAutoSync';

const NOW = new Date('2026-01-01T12:00:00Z');
const REVISION = 'b'.repeat(40);
const OLDER = 'a'.repeat(40);
const AUTOMATED = { automated: true, prune: false, selfHeal: false };
const SELF_HEALING = { automated: true, prune: false, selfHeal: true };

const seconds = (n: number) => new Date(NOW.getTime() + n * 1000);

describe('decideAutoSync', () => {
  it.each<
    [
      string,
      {
        sync: { automated: boolean; prune: boolean; selfHeal: boolean };
        syncStatus: 'Synced' | 'OutOfSync' | 'Unknown';
        memory: AutoSyncMemory;
      },
      AutoSyncDecision,
    ]
  >([
    [
      'does nothing when automated sync is off, even with drift',
      {
        sync: { automated: false, prune: true, selfHeal: true },
        syncStatus: 'OutOfSync',
        memory: { lastSyncedRevision: OLDER },
      },
      { sync: false, reason: expect.stringMatching(/automated sync is off/) },
    ],
    [
      'syncs a revision it has never synced',
      { sync: AUTOMATED, syncStatus: 'OutOfSync', memory: {} },
      { sync: true, trigger: 'new-revision' },
    ],
    [
      'does not sync a new revision that leaves the environment as it is',
      {
        sync: AUTOMATED,
        syncStatus: 'Synced',
        memory: { lastSyncedRevision: OLDER },
      },
      { sync: false, reason: expect.stringMatching(/^in sync$/) },
    ],
    [
      'syncs a new revision that changes the environment',
      {
        sync: AUTOMATED,
        syncStatus: 'OutOfSync',
        memory: { lastSyncedRevision: OLDER },
      },
      { sync: true, trigger: 'new-revision' },
    ],
    [
      'leaves an environment alone that is in sync at the synced revision',
      {
        sync: SELF_HEALING,
        syncStatus: 'Synced',
        memory: { lastSyncedRevision: REVISION },
      },
      { sync: false, reason: expect.stringMatching(/^in sync$/) },
    ],
    [
      'heals drift with selfHeal',
      {
        sync: SELF_HEALING,
        syncStatus: 'OutOfSync',
        memory: { lastSyncedRevision: REVISION },
      },
      { sync: true, trigger: 'self-heal' },
    ],
    [
      'reports drift without selfHeal',
      {
        sync: AUTOMATED,
        syncStatus: 'OutOfSync',
        memory: { lastSyncedRevision: REVISION },
      },
      { sync: false, reason: expect.stringMatching(/selfHeal is off/) },
    ],
    [
      'waits while a failing revision is in back-off',
      {
        sync: SELF_HEALING,
        syncStatus: 'OutOfSync',
        memory: {
          lastSyncedRevision: OLDER,
          failedRevision: REVISION,
          syncFailures: 2,
          nextRetryAt: seconds(7),
        },
      },
      {
        sync: false,
        reason: expect.stringMatching(
          /retrying bbbbbbb after 2026-01-01T12:00:07/,
        ),
      },
    ],
    [
      'retries a failing revision once its back-off is over',
      {
        sync: AUTOMATED,
        syncStatus: 'OutOfSync',
        memory: {
          lastSyncedRevision: OLDER,
          failedRevision: REVISION,
          syncFailures: 2,
          nextRetryAt: seconds(-1),
        },
      },
      { sync: true, trigger: 'retry' },
    ],
    [
      'retries exactly at the moment the back-off ends',
      {
        sync: AUTOMATED,
        syncStatus: 'OutOfSync',
        memory: {
          failedRevision: REVISION,
          syncFailures: 1,
          nextRetryAt: seconds(0),
        },
      },
      { sync: true, trigger: 'retry' },
    ],
    [
      'stops after the last allowed attempt failed, even when a retry is due',
      {
        sync: SELF_HEALING,
        syncStatus: 'OutOfSync',
        memory: {
          lastSyncedRevision: OLDER,
          failedRevision: REVISION,
          syncFailures: MAX_AUTOMATED_ATTEMPTS,
          nextRetryAt: seconds(-3600),
        },
      },
      {
        sync: false,
        reason: expect.stringMatching(
          /bbbbbbb failed 5 times; sync by hand or push a fix/,
        ),
      },
    ],
    [
      'starts afresh on a new revision after a revision failed for good',
      {
        sync: AUTOMATED,
        syncStatus: 'OutOfSync',
        memory: {
          lastSyncedRevision: 'c'.repeat(40),
          failedRevision: OLDER,
          syncFailures: MAX_AUTOMATED_ATTEMPTS,
          nextRetryAt: seconds(3600),
        },
      },
      { sync: true, trigger: 'new-revision' },
    ],
  ])('%s', (_, input, expected) => {
    expect(decideAutoSync({ ...input, revision: REVISION, now: NOW })).toEqual(
      expected,
    );
  });

  it('allows five automated attempts per revision', () => {
    expect(MAX_AUTOMATED_ATTEMPTS).toBe(5);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [5, 80_000],
    [6, 160_000],
    [7, 180_000],
    [12, 180_000],
  ])('waits %p failure(s) → %p ms', (failures, delay) => {
    expect(retryDelayMs(failures)).toBe(delay);
  });

  it('waits the first delay when nothing has failed yet', () => {
    expect(retryDelayMs(0)).toBe(5_000);
  });
});
