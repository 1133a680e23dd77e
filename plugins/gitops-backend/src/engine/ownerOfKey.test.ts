import { ownerOfKey } from './ownerOfKey';

const keys = Array.from(
  { length: 3000 },
  (_, i) => `component:default/service-${i}`,
);

function shares(replicas: string[]): Map<string, string[]> {
  const owned = new Map<string, string[]>(replicas.map(r => [r, []]));
  for (const key of keys) {
    owned.get(ownerOfKey(key, replicas)!)!.push(key);
  }
  return owned;
}

describe('ownerOfKey', () => {
  it('gives every key to exactly one replica, about evenly', () => {
    const owned = shares(['replica-a', 'replica-b', 'replica-c']);
    const sizes = [...owned.values()].map(list => list.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(keys.length);
    for (const size of sizes) {
      expect(size).toBeGreaterThan(850);
      expect(size).toBeLessThan(1150);
    }
  });

  it('does not depend on the order replicas are listed in', () => {
    for (const key of keys.slice(0, 200)) {
      expect(ownerOfKey(key, ['x', 'y', 'z'])).toBe(
        ownerOfKey(key, ['z', 'x', 'y']),
      );
    }
  });

  it('moves only the dead replica’s keys when one dies', () => {
    const before = shares(['replica-a', 'replica-b', 'replica-c']);
    const after = shares(['replica-a', 'replica-c']);
    for (const survivor of ['replica-a', 'replica-c']) {
      // Survivors keep everything they had, and gain only b's keys.
      const kept = new Set(after.get(survivor));
      expect(before.get(survivor)!.filter(key => !kept.has(key))).toEqual([]);
    }
    expect(
      after.get('replica-a')!.length + after.get('replica-c')!.length,
    ).toBe(keys.length);
  });

  it('moves only about a third of the keys to a replica that joins', () => {
    const before = shares(['replica-a', 'replica-b']);
    const after = shares(['replica-a', 'replica-b', 'replica-c']);
    const moved = keys.filter(
      key =>
        ownerOfKey(key, ['replica-a', 'replica-b']) !==
        ownerOfKey(key, ['replica-a', 'replica-b', 'replica-c']),
    );
    expect(moved.every(key => after.get('replica-c')!.includes(key))).toBe(
      true,
    );
    expect(moved.length).toBe(after.get('replica-c')!.length);
    expect(before.get('replica-a')!.length).toBeGreaterThan(1300);
  });

  it('has no owner when no replica is live', () => {
    expect(ownerOfKey('component:default/x', [])).toBeUndefined();
  });
});
