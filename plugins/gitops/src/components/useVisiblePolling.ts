import { useEffect, useRef } from 'react';

/**
 * Calls `poll` every `intervalMs` while the page is visible, never while it
 * is hidden, and once soon after it becomes visible again if a poll is due.
 * A poll never overlaps the previous one: the next starts `intervalMs` after
 * the previous one finished. The first poll comes one interval after mount,
 * as the caller has just loaded its data.
 */
export function useVisiblePolling(
  poll: () => Promise<unknown>,
  intervalMs: number,
): void {
  const pollRef = useRef(poll);
  pollRef.current = poll;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let running = false;
    let lastRun = Date.now();
    const visible = () => document.visibilityState === 'visible';

    const schedule = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(run, delay);
    };
    async function run() {
      timer = undefined;
      if (stopped || !visible()) {
        return;
      }
      running = true;
      lastRun = Date.now();
      try {
        await pollRef.current();
      } catch {
        // The poll reports its own errors; polling goes on.
      } finally {
        running = false;
      }
      if (!stopped && visible()) {
        schedule(intervalMs);
      }
    }
    const onVisibilityChange = () => {
      if (!visible()) {
        clearTimeout(timer);
        timer = undefined;
      } else if (!running) {
        schedule(Math.max(0, intervalMs - (Date.now() - lastRun)));
      }
    };

    if (visible()) {
      schedule(intervalMs);
    }
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [intervalMs]);
}
