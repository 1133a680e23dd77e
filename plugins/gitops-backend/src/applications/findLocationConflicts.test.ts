import { findLocationConflicts, LocationClaim } from './findLocationConflicts';

const claim = (
  entityRef: string,
  url: string,
  path = '.',
  branch?: string,
): LocationClaim => ({ entityRef, configRepo: { url, path, branch } });

describe('findLocationConflicts', () => {
  it('lets services of a monorepo claim distinct folders', () => {
    expect(
      findLocationConflicts([
        claim(
          'component:default/a',
          'https://github.com/acme/config',
          'apps/a',
        ),
        claim(
          'component:default/b',
          'https://github.com/acme/config',
          'apps/b',
        ),
        claim(
          'component:default/ab',
          'https://github.com/acme/config',
          'apps/ab',
        ),
      ]),
    ).toEqual(new Map());
  });

  it('refuses both sides of the same location, however the URL is spelt', () => {
    expect(
      findLocationConflicts([
        claim(
          'component:default/payments',
          'https://github.com/acme/payments-config',
        ),
        claim(
          'component:guests/hijack',
          'git@github.com:Acme/payments-config.git',
          './',
        ),
      ]),
    ).toEqual(
      new Map([
        ['component:default/payments', ['component:guests/hijack']],
        ['component:guests/hijack', ['component:default/payments']],
      ]),
    );
  });

  it('refuses nested folders, the root included', () => {
    const conflicts = findLocationConflicts([
      claim('component:default/a', 'https://github.com/acme/config', 'apps/a'),
      claim('component:default/all', 'https://github.com/acme/config', '.'),
      claim(
        'component:default/a-env',
        'https://github.com/acme/config',
        'apps/a/envs',
      ),
    ]);
    expect(conflicts.get('component:default/a')).toEqual([
      'component:default/all',
      'component:default/a-env',
    ]);
    expect(conflicts.get('component:default/all')).toHaveLength(2);
  });

  it('keeps distinct named branches apart, but a default branch may be any of them', () => {
    expect(
      findLocationConflicts([
        claim(
          'component:default/a',
          'https://github.com/acme/config',
          '.',
          'main',
        ),
        claim(
          'component:default/b',
          'https://github.com/acme/config',
          '.',
          'release',
        ),
      ]),
    ).toEqual(new Map());
    expect(
      findLocationConflicts([
        claim(
          'component:default/a',
          'https://github.com/acme/config',
          '.',
          'main',
        ),
        claim('component:default/b', 'https://github.com/acme/config', '.'),
      ]).size,
    ).toBe(2);
  });

  it('allows the overlaps config groups as shared', () => {
    expect(
      findLocationConflicts(
        [
          claim(
            'component:default/api',
            'https://github.com/acme/config',
            'apps/api',
          ),
          claim(
            'resource:default/api-db',
            'https://github.com/acme/config',
            'apps/api',
          ),
          claim(
            'component:default/intruder',
            'https://github.com/acme/config',
            'apps/api',
          ),
        ],
        [['component:default/api', 'Resource:default/api-db']],
      ),
    ).toEqual(
      new Map([
        ['component:default/api', ['component:default/intruder']],
        ['resource:default/api-db', ['component:default/intruder']],
        [
          'component:default/intruder',
          ['component:default/api', 'resource:default/api-db'],
        ],
      ]),
    );
  });
});
