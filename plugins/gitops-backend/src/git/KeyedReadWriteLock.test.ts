import { KeyedReadWriteLock } from './KeyedReadWriteLock';

const tick = () => new Promise(resolve => setTimeout(resolve, 5));

describe('KeyedReadWriteLock', () => {
  it('lets readers share, keeps a writer alone and serves in arrival order', async () => {
    const lock = new KeyedReadWriteLock();
    const events: string[] = [];
    const overlaps: string[] = [];
    let active = 0;
    let writing = false;
    const task = (name: string, mode: 'read' | 'write') =>
      lock[mode]('repo', async () => {
        if (writing || (mode === 'write' && active > 0)) {
          overlaps.push(name);
        }
        writing = mode === 'write';
        active += 1;
        events.push(`start ${name}`);
        await tick();
        events.push(`end ${name}`);
        active -= 1;
        writing = false;
      });

    await Promise.all([
      task('r1', 'read'),
      task('r2', 'read'),
      task('w1', 'write'),
      task('r3', 'read'),
    ]);

    expect(overlaps).toEqual([]);
    expect(events).toEqual([
      'start r1',
      'start r2',
      'end r1',
      'end r2',
      'start w1',
      'end w1',
      'start r3',
      'end r3',
    ]);
  });

  it('does not block other keys and releases on errors', async () => {
    const lock = new KeyedReadWriteLock();
    let release!: () => void;
    const held = lock.write('a', () => new Promise<void>(r => (release = r)));
    await expect(lock.write('b', async () => 'b')).resolves.toBe('b');
    release();
    await held;
    await expect(
      lock.write('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(lock.read('a', async () => 'free')).resolves.toBe('free');
  });
});
