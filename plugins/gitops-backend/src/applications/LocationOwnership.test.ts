import { LocationClaim } from './findLocationConflicts';
import { LocationOwnership } from './LocationOwnership';

const REPO = 'https://github.com/acme/config';
const claim = (name: string, path: string): LocationClaim => ({
  entityRef: `component:default/${name}`,
  configRepo: { url: REPO, path, branch: 'main' },
});

describe('LocationOwnership', () => {
  it('answers known claims from one read and checks a new claim against its repository', async () => {
    let reads = 0;
    let time = 0;
    const ownership = new LocationOwnership({
      listClaims: async () => {
        reads++;
        return [
          claim('a', 'apps/a'),
          claim('b', 'apps/b'),
          claim('c', 'apps/b/c'),
        ];
      },
      shared: [['component:default/api', 'component:default/a']],
      now: () => time,
    });

    await expect(ownership.conflictsOf(claim('a', 'apps/a'))).resolves.toEqual(
      [],
    );
    await expect(ownership.conflictsOf(claim('b', 'apps/b'))).resolves.toEqual([
      'component:default/c',
    ]);
    // Not in the catalog yet (just registered): compared with what is.
    await expect(
      ownership.conflictsOf(claim('intruder', 'apps')),
    ).resolves.toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/c',
    ]);
    // A known entity whose annotation changed since the read.
    await expect(ownership.conflictsOf(claim('a', 'apps/b'))).resolves.toEqual([
      'component:default/b',
      'component:default/c',
    ]);
    // Config shares a location between two entities.
    await expect(
      ownership.conflictsOf(claim('api', 'apps/a')),
    ).resolves.toEqual([]);
    expect(reads).toBe(1);

    time = 6_000;
    await ownership.conflictsOf(claim('a', 'apps/a'));
    expect(reads).toBe(2);
  });

  it('shares one catalog read between concurrent checks', async () => {
    let reads = 0;
    const ownership = new LocationOwnership({
      listClaims: async () => {
        reads++;
        await new Promise(resolve => setTimeout(resolve, 10));
        return [claim('a', 'apps/a')];
      },
    });
    await Promise.all(
      ['x', 'y', 'z'].map(name =>
        ownership.conflictsOf(claim(name, `apps/${name}`)),
      ),
    );
    expect(reads).toBe(1);
  });
});
