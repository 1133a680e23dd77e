import { PushDebouncer } from './PushDebouncer';
import { PushEvent } from './PushEvent';
import { ManualTimers } from './__fixtures__/ManualTimers';

const push = (overrides: Partial<PushEvent> = {}): PushEvent => ({
  provider: 'github',
  repositoryUrls: ['https://github.com/acme/config.git'],
  branch: 'main',
  defaultBranch: 'main',
  after: 'a'.repeat(40),
  changedPaths: [],
  complete: true,
  ...overrides,
});

function setup(windowMs?: number) {
  const timers = new ManualTimers();
  const received: PushEvent[] = [];
  const errors: unknown[] = [];
  const debouncer = new PushDebouncer({
    onPush: p => {
      received.push(p);
    },
    onError: error => errors.push(error),
    windowMs,
    timers,
  });
  return { timers, received, errors, debouncer };
}

describe('PushDebouncer', () => {
  it('delivers a single push after the window, not later', () => {
    const { timers, received, debouncer } = setup();
    const only = push({ changedPaths: ['a.yaml'] });
    debouncer.add(only);
    timers.advance(499);
    expect(received).toEqual([]);
    timers.advance(1);
    expect(received).toEqual([only]);
  });

  it('coalesces a burst into one push with the union of paths', () => {
    const { timers, received, debouncer } = setup();
    debouncer.add(push({ changedPaths: ['b.yaml', 'a.yaml'] }));
    timers.advance(200);
    debouncer.add(
      push({
        repositoryUrls: ['git@github.com:Acme/config.git'],
        after: 'b'.repeat(40),
        changedPaths: ['c.yaml', 'a.yaml'],
      }),
    );
    timers.advance(300);
    expect(received).toEqual([
      push({
        repositoryUrls: [
          'https://github.com/acme/config.git',
          'git@github.com:Acme/config.git',
        ],
        after: 'b'.repeat(40),
        changedPaths: ['a.yaml', 'b.yaml', 'c.yaml'],
      }),
    ]);
  });

  it('does not extend the window for later pushes', () => {
    const { timers, received, debouncer } = setup(500);
    debouncer.add(push({ changedPaths: ['1'] }));
    timers.advance(400);
    debouncer.add(push({ changedPaths: ['2'] }));
    timers.advance(100);
    expect(received.map(p => p.changedPaths)).toEqual([['1', '2']]);
    debouncer.add(push({ changedPaths: ['3'] }));
    timers.advance(500);
    expect(received.map(p => p.changedPaths)).toEqual([['1', '2'], ['3']]);
  });

  it('marks the union incomplete when any push was', () => {
    const { timers, received, debouncer } = setup();
    debouncer.add(push({ changedPaths: ['a'] }));
    debouncer.add(push({ complete: false }));
    debouncer.add(push({ changedPaths: ['b'] }));
    timers.advance(500);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ complete: false });
  });

  it('keeps branches and repositories apart', () => {
    const { timers, received, debouncer } = setup();
    debouncer.add(push({ changedPaths: ['main'] }));
    debouncer.add(push({ branch: 'dev', changedPaths: ['dev'] }));
    debouncer.add(
      push({
        repositoryUrls: ['https://github.com/acme/other'],
        changedPaths: ['other'],
      }),
    );
    timers.advance(500);
    expect(received.map(p => p.changedPaths)).toEqual([
      ['main'],
      ['dev'],
      ['other'],
    ]);
  });

  it('reports a failing refresh instead of throwing it', async () => {
    const timers = new ManualTimers();
    const errors: unknown[] = [];
    const debouncer = new PushDebouncer({
      onPush: async () => {
        throw new Error('engine stopped');
      },
      onError: error => errors.push(error),
      timers,
    });
    debouncer.add(push());
    timers.advance(500);
    await new Promise(resolve => setImmediate(resolve));
    expect(errors).toEqual([new Error('engine stopped')]);
  });

  it('reports a refresh that throws synchronously', () => {
    const timers = new ManualTimers();
    const errors: unknown[] = [];
    const debouncer = new PushDebouncer({
      onPush: () => {
        throw new Error('not started');
      },
      onError: error => errors.push(error),
      timers,
    });
    debouncer.add(push());
    expect(() => timers.advance(500)).not.toThrow();
    expect(errors).toEqual([new Error('not started')]);
  });

  it('drops pending pushes on dispose', () => {
    const { timers, received, debouncer } = setup();
    debouncer.add(push());
    expect(debouncer.pendingCount).toBe(1);
    debouncer.dispose();
    expect(timers.pending).toBe(0);
    timers.advance(1000);
    expect(received).toEqual([]);
  });

  it('refuses a negative window', () => {
    expect(
      () =>
        new PushDebouncer({
          onPush: () => {},
          onError: () => {},
          windowMs: -1,
        }),
    ).toThrow(RangeError);
  });

  it('runs on real timers by default', async () => {
    const received: PushEvent[] = [];
    const debouncer = new PushDebouncer({
      onPush: p => {
        received.push(p);
      },
      onError: () => {},
      windowMs: 5,
    });
    debouncer.add(push());
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
  });
});
