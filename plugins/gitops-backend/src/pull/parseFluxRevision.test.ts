import { parseFluxRevision } from './parseFluxRevision';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('parseFluxRevision', () => {
  it.each([
    [`main@sha1:${SHA}`, SHA],
    [`refs/heads/release/1.x@sha1:${SHA}`, SHA],
    [`sha1:${SHA}`, SHA],
    [`main/${SHA}`, SHA],
  ])('reads the commit of %s', (revision, commit) => {
    expect(parseFluxRevision(revision)).toBe(commit);
  });

  it.each([undefined, '', 'main', 'v1.0.0@sha256:abc', 'latest'])(
    'names no commit in %j',
    revision => {
      expect(parseFluxRevision(revision)).toBeUndefined();
    },
  );
});
