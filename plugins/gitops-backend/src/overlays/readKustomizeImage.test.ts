import { readKustomizeImage } from './readKustomizeImage';

const FILE = 'envs/dev/kustomization.yaml';

describe('readKustomizeImage', () => {
  const text = `images:
  - name: ghcr.io/acme/payments
    newTag: v1.2.0
  - name: redis
    newName: mirror/redis
    newTag: 7
  - name: worker
    digest: sha256:${'e'.repeat(64)}
`;

  it('reads the entry of an image, or the first entry', () => {
    expect(readKustomizeImage(text, FILE)).toEqual({
      name: 'ghcr.io/acme/payments',
      tag: 'v1.2.0',
    });
    expect(readKustomizeImage(text, FILE, 'mirror/redis')).toEqual({
      name: 'redis',
      newName: 'mirror/redis',
      tag: '7',
    });
    expect(readKustomizeImage(text, FILE, 'worker')).toEqual({
      name: 'worker',
      digest: `sha256:${'e'.repeat(64)}`,
    });
  });

  it('returns undefined when there is no such entry', () => {
    expect(readKustomizeImage(text, FILE, 'nope')).toBeUndefined();
    expect(readKustomizeImage('resources: []\n', FILE)).toBeUndefined();
  });

  it('names the file and line when images is not a list', () => {
    expect(() => readKustomizeImage('images: nope\n', FILE)).toThrow(
      `${FILE}:1: "images" is not a list`,
    );
  });
});
