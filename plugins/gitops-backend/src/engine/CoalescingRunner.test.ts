import { CoalescingRunner } from './CoalescingRunner';

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('CoalescingRunner', () => {
  it('never runs two pieces of work for one key at once', async () => {
    const runner = new CoalescingRunner();
    let running = 0;
    let most = 0;
    const gates = [deferred(), deferred()];
    const work = (gate: { promise: Promise<void> }) => async () => {
      running += 1;
      most = Math.max(most, running);
      await gate.promise;
      running -= 1;
    };

    const first = runner.run('app/dev', work(gates[0]));
    const second = runner.run('app/dev', work(gates[1]));
    await settle();
    expect(running).toBe(1);
    expect(runner.active).toBe(1);

    gates[0].resolve();
    await first;
    await settle();
    expect(running).toBe(1);
    gates[1].resolve();
    await second;
    expect(most).toBe(1);
    expect(runner.active).toBe(0);
  });

  it('folds a burst of requests into one extra run of the latest request', async () => {
    const runner = new CoalescingRunner();
    const gate = deferred();
    const runs: string[] = [];
    const first = runner.run('app/dev', async () => {
      runs.push('first');
      await gate.promise;
    });
    const burst = ['watch', 'webhook', 'schedule'].map(name =>
      runner.run('app/dev', async () => {
        runs.push(name);
      }),
    );
    await settle();
    expect(runs).toEqual(['first']);

    gate.resolve();
    await Promise.all([first, ...burst]);
    // The latest request may carry a newer revision; it must not be lost.
    expect(runs).toEqual(['first', 'schedule']);
  });

  it('runs different keys independently', async () => {
    const runner = new CoalescingRunner();
    const slow = deferred();
    const runs: string[] = [];
    const blocked = runner.run('app/production', async () => {
      await slow.promise;
      runs.push('production');
    });
    await runner.run('app/dev', async () => {
      runs.push('dev');
    });
    expect(runs).toEqual(['dev']);
    slow.resolve();
    await blocked;
    expect(runs).toEqual(['dev', 'production']);
  });

  it('runs the next request after a run that failed', async () => {
    const runner = new CoalescingRunner();
    const gate = deferred();
    const failing = runner.run('app/dev', async () => {
      await gate.promise;
      throw new Error('cluster unreachable');
    });
    let ran = false;
    const next = runner.run('app/dev', async () => {
      ran = true;
    });
    gate.resolve();
    await expect(failing).rejects.toThrow('cluster unreachable');
    await next;
    expect(ran).toBe(true);

    // And a key whose last run failed accepts new work right away.
    await runner.run('app/dev', async () => undefined);
    expect(runner.active).toBe(0);
  });
});
