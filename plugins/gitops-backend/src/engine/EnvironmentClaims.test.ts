import { LockKey, LockStore } from '../database/LockStore';
import { captureLogger } from '../__testUtils__';
import {
  CLAIM_HEARTBEAT_MS,
  CLAIM_PREFIX,
  CLAIM_STALE_MS,
  LockTableClaims,
} from './EnvironmentClaims';

const idOf = (key: LockKey) => `${key.entityRef}\0${key.environment}`;

/** A lock table in memory that records what the claims asked of it. */
class RecordingLockStore implements LockStore {
  readonly held = new Map<string, { operationId: string; owner: string }>();
  readonly staleBefore: Date[] = [];
  readonly heartbeats: string[] = [];
  failHeartbeats = false;

  async tryAcquire(
    key: LockKey,
    holder: { operationId: string; owner: string },
    staleBefore: Date,
  ): Promise<boolean> {
    this.staleBefore.push(staleBefore);
    const id = idOf(key);
    if (this.held.has(id)) {
      return false;
    }
    this.held.set(id, holder);
    return true;
  }

  async heartbeat(key: LockKey): Promise<void> {
    if (this.failHeartbeats) {
      throw new Error('database gone');
    }
    this.heartbeats.push(idOf(key));
  }

  async release(key: LockKey, operationId: string): Promise<void> {
    if (this.held.get(idOf(key))?.operationId === operationId) {
      this.held.delete(idOf(key));
    }
  }

  async holder(key: LockKey): Promise<string | undefined> {
    return this.held.get(idOf(key))?.operationId;
  }

  async releaseAll(): Promise<void> {
    this.held.clear();
  }
}

const SHOP_DEV = { entityRef: 'component:default/shop', environment: 'dev' };
const CLAIM_ROW = `${CLAIM_PREFIX}component:default/shop\0dev`;

function setup() {
  const locks = new RecordingLockStore();
  const { logger, lines } = captureLogger();
  const claims = new LockTableClaims({ locks, owner: 'replica-1', logger });
  return { locks, lines, claims };
}

describe('LockTableClaims', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the work under a row of its own, beside the operation lock, and releases it', async () => {
    const { locks, claims } = setup();
    const during = await claims.withClaim(SHOP_DEV, async () => [
      ...locks.held.entries(),
    ]);
    expect(during).toEqual([
      [CLAIM_ROW, { operationId: expect.any(String), owner: 'replica-1' }],
    ]);
    expect(locks.held.size).toBe(0);
  });

  it('leaves the work undone while another replica holds the claim', async () => {
    const { locks, claims } = setup();
    locks.held.set(CLAIM_ROW, { operationId: 'other', owner: 'replica-2' });
    const work = jest.fn(async () => 'synced');

    expect(await claims.withClaim(SHOP_DEV, work)).toBeUndefined();
    expect(work).not.toHaveBeenCalled();
    expect(locks.held.get(CLAIM_ROW)?.owner).toBe('replica-2');
  });

  it('does not hold the operation lock of the plain entity ref', async () => {
    const { locks, claims } = setup();
    locks.held.set(idOf(SHOP_DEV), { operationId: 'deploy', owner: 'x' });
    expect(await claims.withClaim(SHOP_DEV, async () => 'ran')).toBe('ran');
  });

  it('takes over a claim whose replica stopped its heartbeat', async () => {
    const { locks, claims } = setup();
    const before = Date.now();
    await claims.withClaim(SHOP_DEV, async () => undefined);
    const [staleBefore] = locks.staleBefore;
    expect(before - staleBefore.getTime()).toBeGreaterThanOrEqual(
      CLAIM_STALE_MS - 1_000,
    );
    expect(before - staleBefore.getTime()).toBeLessThanOrEqual(CLAIM_STALE_MS);
  });

  it('releases the claim when the work fails', async () => {
    const { locks, claims } = setup();
    await expect(
      claims.withClaim(SHOP_DEV, async () => {
        throw new Error('sync failed');
      }),
    ).rejects.toThrow('sync failed');
    expect(locks.held.size).toBe(0);
  });

  it('keeps the claim alive while the work runs, and warns when it cannot', async () => {
    jest.useFakeTimers();
    const { locks, lines, claims } = setup();
    let finish = () => {};
    const claimed = claims.withClaim(
      SHOP_DEV,
      () => new Promise<void>(resolve => (finish = resolve)),
    );
    await jest.advanceTimersByTimeAsync(2 * CLAIM_HEARTBEAT_MS);
    expect(locks.heartbeats).toEqual([CLAIM_ROW, CLAIM_ROW]);

    locks.failHeartbeats = true;
    await jest.advanceTimersByTimeAsync(CLAIM_HEARTBEAT_MS);
    expect(lines).toEqual([
      expect.stringContaining(
        'Could not refresh the engine claim on component:default/shop in dev: Error: database gone',
      ),
    ]);

    finish();
    await claimed;
    locks.failHeartbeats = false;
    await jest.advanceTimersByTimeAsync(2 * CLAIM_HEARTBEAT_MS);
    expect(locks.heartbeats).toHaveLength(2);
  });
});
