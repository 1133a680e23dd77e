import { formatImageReference, parseImageReference } from './imageReference';

describe('parseImageReference', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.25', { repository: 'nginx', tag: '1.25' }],
    ['localhost:5000/app', { repository: 'localhost:5000/app' }],
    ['localhost:5000/app:v1', { repository: 'localhost:5000/app', tag: 'v1' }],
    [
      'ghcr.io/a/b@sha256:abc',
      { repository: 'ghcr.io/a/b', digest: 'sha256:abc' },
    ],
    [
      'ghcr.io/a/b:v1@sha256:abc',
      { repository: 'ghcr.io/a/b', tag: 'v1', digest: 'sha256:abc' },
    ],
  ])('splits %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual({
      digest: undefined,
      ...expected,
    });
  });

  it('formats a tag or a digest', () => {
    expect(formatImageReference('a/b', { tag: 'v1' })).toBe('a/b:v1');
    expect(formatImageReference('a/b', { digest: 'sha256:f' })).toBe(
      'a/b@sha256:f',
    );
  });
});
