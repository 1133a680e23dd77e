import { imageMatches, rewriteImage, splitImage } from './applyImages';

describe('images', () => {
  it('splits registry ports from tags', () => {
    expect(splitImage('localhost:5000/app:1.0')).toEqual({
      name: 'localhost:5000/app',
      tag: '1.0',
      digest: '',
    });
    expect(splitImage('app@sha256:abc')).toEqual({
      name: 'app',
      tag: '',
      digest: 'sha256:abc',
    });
    expect(splitImage('app:1@sha256:abc')).toEqual({
      name: 'app',
      tag: '1',
      digest: 'sha256:abc',
    });
    expect(splitImage('app')).toEqual({ name: 'app', tag: '', digest: '' });
  });

  it('matches the image with any tag but not a longer name', () => {
    expect(imageMatches('nginx:1.25', 'nginx')).toBe(true);
    expect(imageMatches('nginx', 'nginx')).toBe(true);
    expect(imageMatches('nginx-exporter:1', 'nginx')).toBe(false);
    expect(imageMatches('ghcrxio/app', 'ghcr.io/app')).toBe(false);
  });

  it('applies newName, newTag, digest and tagSuffix as kustomize does', () => {
    expect(rewriteImage('app:1', { name: 'app', newTag: '2' })).toBe('app:2');
    expect(rewriteImage('app:1@sha256:x', { name: 'app', newTag: '2' })).toBe(
      'app:2',
    );
    expect(rewriteImage('app:1', { name: 'app', digest: 'sha256:y' })).toBe(
      'app@sha256:y',
    );
    expect(
      rewriteImage('app:1', { name: 'app', newTag: '2', digest: 'sha256:y' }),
    ).toBe('app:2@sha256:y');
    expect(rewriteImage('app:1', { name: 'app', newName: 'r.io/app' })).toBe(
      'r.io/app:1',
    );
    expect(rewriteImage('app:1', { name: 'app', tagSuffix: '-debug' })).toBe(
      'app:1-debug',
    );
    expect(rewriteImage('other:1', { name: 'app', newTag: '2' })).toBe(
      'other:1',
    );
  });
});
