import { configLocationMatches } from './configLocationMatches';

const location = {
  url: 'https://github.com/acme/payments-config',
  overlayPath: 'apps/payments/envs/dev',
};

describe('configLocationMatches', () => {
  it.each([
    [
      'the same spelling',
      'https://github.com/acme/payments-config',
      'apps/payments/envs/dev',
    ],
    [
      'a .git suffix and ./ path',
      'https://github.com/acme/payments-config.git',
      './apps/payments/envs/dev/',
    ],
    [
      'scp-style SSH',
      'git@github.com:acme/payments-config.git',
      'apps/payments/envs/dev',
    ],
  ])('matches %s', (_, url, path) => {
    expect(
      configLocationMatches(location, { url, path, revision: 'HEAD' }),
    ).toBe(true);
  });

  it('tells a parent or sibling folder apart', () => {
    for (const path of [
      'apps/payments',
      'apps/payments/envs/staging',
      'apps/payments/envs/dev/extra',
    ]) {
      expect(configLocationMatches(location, { url: location.url, path })).toBe(
        false,
      );
    }
  });

  it('tells another repository apart', () => {
    expect(
      configLocationMatches(location, {
        url: 'https://github.com/acme/orders-config',
        path: location.overlayPath,
      }),
    ).toBe(false);
    expect(
      configLocationMatches(location, { path: location.overlayPath }),
    ).toBe(false);
  });

  it('matches branches: the default with HEAD or nothing, a named one by name', () => {
    const source = { url: location.url, path: location.overlayPath };
    expect(configLocationMatches(location, { ...source, revision: '' })).toBe(
      true,
    );
    expect(
      configLocationMatches(location, { ...source, revision: 'HEAD' }),
    ).toBe(true);
    expect(
      configLocationMatches(location, { ...source, revision: 'main' }),
    ).toBe(false);
    const onMain = { ...location, branch: 'main' };
    expect(configLocationMatches(onMain, { ...source, revision: 'main' })).toBe(
      true,
    );
    expect(
      configLocationMatches(onMain, { ...source, revision: 'refs/heads/main' }),
    ).toBe(true);
    expect(
      configLocationMatches(onMain, { ...source, revision: 'release' }),
    ).toBe(false);
    expect(configLocationMatches(onMain, { ...source, revision: 'HEAD' })).toBe(
      false,
    );
  });
});
