import { EnvironmentObservation } from '../database/StatusStore';
import {
  isRewriteNeeded,
  UNCHANGED_STATUS_WRITE_INTERVAL_MS,
} from './isRewriteNeeded';

const stored: EnvironmentObservation = {
  entityRef: 'component:default/payments',
  environment: 'staging',
  revision: 'a'.repeat(40),
  version: '1.2.0',
  image: 'ghcr.io/acme/payments',
  syncStatus: 'Synced',
  health: 'Progressing',
  message: undefined,
  refreshedAt: new Date('2026-12-02T10:00:00Z'),
  liveVersion: '1.2.0',
  driftCount: 0,
  resources: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'payments',
      namespace: 'payments-staging',
      status: 'Synced',
      health: 'Progressing',
    } as any,
  ],
  lastSyncedRevision: 'a'.repeat(40),
  syncFailures: 0,
};

const later = (ms: number) => new Date(stored.refreshedAt.getTime() + ms);

describe('isRewriteNeeded', () => {
  it('writes the first observation of an environment', () => {
    expect(isRewriteNeeded(undefined, stored)).toBe(true);
  });

  it('skips the same status seen again within the interval', () => {
    expect(
      isRewriteNeeded(stored, {
        ...stored,
        refreshedAt: later(UNCHANGED_STATUS_WRITE_INTERVAL_MS - 1),
        // As read back from the database: absent numbers are 0.
        driftCount: undefined,
        syncFailures: undefined,
        resources: JSON.parse(JSON.stringify(stored.resources)),
      }),
    ).toBe(false);
  });

  it('writes the same status again once the stored one is an interval old', () => {
    expect(
      isRewriteNeeded(stored, {
        ...stored,
        refreshedAt: later(UNCHANGED_STATUS_WRITE_INTERVAL_MS),
      }),
    ).toBe(true);
  });

  it('writes when the clock went backwards', () => {
    expect(isRewriteNeeded(stored, { ...stored, refreshedAt: later(-1) })).toBe(
      true,
    );
  });

  it.each<[string, Partial<EnvironmentObservation>]>([
    ['revision', { revision: 'b'.repeat(40) }],
    ['version', { version: '1.3.0' }],
    ['image', { image: 'ghcr.io/acme/other' }],
    ['sync status', { syncStatus: 'OutOfSync' }],
    ['health', { health: 'Healthy' }],
    ['message', { message: 'Automated sync failed (attempt 1): boom' }],
    ['live version', { liveVersion: '1.1.0' }],
    ['drift count', { driftCount: 2 }],
    [
      'a resource',
      { resources: [{ ...stored.resources![0], health: 'Healthy' } as any] },
    ],
    ['the last synced revision', { lastSyncedRevision: 'b'.repeat(40) }],
    ['the failed revision', { failedRevision: 'b'.repeat(40) }],
    ['the failure count', { syncFailures: 1 }],
    ['the next retry', { nextRetryAt: later(5_000) }],
    ['the engine state', { engine: { message: 'Argo CD is syncing' } as any }],
  ])('writes at once when the %s changed', (_what, change) => {
    expect(
      isRewriteNeeded(stored, { ...stored, refreshedAt: later(1), ...change }),
    ).toBe(true);
  });
});
