/**
 * Asks `check` every `intervalMs` until it gives a value, or gives undefined
 * after `timeoutMs`. The checks read a watch's cache, not the cluster.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() >= deadline) {
      return undefined;
    }
    await new Promise(resolve =>
      setTimeout(resolve, options.intervalMs ?? 250),
    );
  }
}
