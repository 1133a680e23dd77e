import { createHash } from 'node:crypto';

/**
 * Which of `replicas` owns `key`, by rendezvous (highest random weight)
 * hashing: every replica scores the key, the highest score wins. All
 * replicas that see the same live set agree without talking, the keys
 * spread evenly, and when a replica joins or dies only the keys it gains or
 * held move — the others stay where their caches are warm.
 */
export function ownerOfKey(
  key: string,
  replicas: readonly string[],
): string | undefined {
  let owner: string | undefined;
  let best = -1n;
  for (const replica of replicas) {
    const score = createHash('sha256')
      .update(replica)
      .update('\0')
      .update(key)
      .digest()
      .readBigUInt64BE(0);
    // Ties (as good as impossible) go to the smaller id, so all agree.
    if (
      score > best ||
      (score === best && owner !== undefined && replica < owner)
    ) {
      best = score;
      owner = replica;
    }
  }
  return owner;
}
