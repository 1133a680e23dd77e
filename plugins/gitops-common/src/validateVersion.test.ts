import { parseVersion } from './validateVersion';

const SHA256 = `sha256:${'a1'.repeat(32)}`;

describe('parseVersion', () => {
  it.each([
    '1.0.0',
    'v2.3.4-rc.1',
    'latest',
    '_build',
    'A_b.C-9',
    'x'.repeat(128),
  ])('parses the tag %j', tag => {
    expect(parseVersion(tag)).toEqual({ kind: 'tag', tag });
  });

  it.each([SHA256, `sha512:${'0f'.repeat(64)}`])(
    'parses the digest %j',
    digest => {
      expect(parseVersion(digest)).toEqual({ kind: 'digest', digest });
    },
  );

  it.each(['', '.hidden', '-rc', 'with space', '1.0/2', 'ü', 'x'.repeat(129)])(
    'refuses the tag %j with the tag rules',
    version => {
      expect(parseVersion(version)).toEqual({
        kind: 'invalid',
        problem: `"${version}" is not a valid image tag: up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
      });
    },
  );

  it.each([
    'sha256:abc',
    'latest:1',
    ':deadbeef',
    `SHA256:${'a'.repeat(64)}`,
    'ghcr.io/acme/app:1.0.0',
  ])('refuses %j as neither tag nor digest', version => {
    expect(parseVersion(version)).toEqual({
      kind: 'invalid',
      problem: `"${version}" is neither an image tag nor a digest (algorithm:hex)`,
    });
  });

  it.each([
    `sha256:${'A'.repeat(64)}`,
    `sha256:${'a'.repeat(63)}`,
    `sha256:${'a'.repeat(65)}`,
    `sha256:${'g'.repeat(64)}`,
  ])('refuses %j as a malformed sha256 digest', version => {
    expect(parseVersion(version)).toEqual({
      kind: 'invalid',
      problem: `"${version}" is not a sha256 digest: expected 64 lowercase hex characters`,
    });
  });

  it.each([`sha512:${'0f'.repeat(32)}`, `sha512:${'0F'.repeat(64)}`])(
    'refuses %j as a malformed sha512 digest',
    version => {
      expect(parseVersion(version)).toEqual({
        kind: 'invalid',
        problem: `"${version}" is not a sha512 digest: expected 128 lowercase hex characters`,
      });
    },
  );

  // Defect #12.9: any algorithm passed, so `md5:` pinned a "version".
  it.each([
    `md5:${'a'.repeat(32)}`,
    `sha1:${'a'.repeat(40)}`,
    `multihash+base58:${'Q'.repeat(46)}`,
  ])('refuses the digest %j of an algorithm OCI does not register', version => {
    expect(parseVersion(version)).toEqual({
      kind: 'invalid',
      problem: `"${version}" uses the digest algorithm "${
        version.split(':')[0]
      }"; only sha256 and sha512 digests are accepted`,
    });
  });
});
