import { InMemoryDeliveryLedger } from './DeliveryLedger';

describe('InMemoryDeliveryLedger', () => {
  it('accepts keys once and refuses a delivery sharing any key', async () => {
    const ledger = new InMemoryDeliveryLedger();
    await expect(
      ledger.recordFirstSight(['body:a', 'delivery:x']),
    ).resolves.toBe(true);
    await expect(
      ledger.recordFirstSight(['body:b', 'delivery:x']),
    ).resolves.toBe(false);
    await expect(ledger.recordFirstSight(['body:a'])).resolves.toBe(false);
    // The refused delivery recorded nothing of its own.
    await expect(ledger.recordFirstSight(['body:b'])).resolves.toBe(true);
  });

  it('keeps only the newest keys, so memory stays bounded', async () => {
    const ledger = new InMemoryDeliveryLedger(3);
    for (const key of ['a', 'b', 'c', 'd']) {
      await expect(ledger.recordFirstSight([key])).resolves.toBe(true);
    }
    await expect(ledger.recordFirstSight(['a'])).resolves.toBe(true);
    await expect(ledger.recordFirstSight(['d'])).resolves.toBe(false);
  });
});
