import { OverlayEditError } from './OverlayEditError';
import { setKustomizeImage } from './setKustomizeImage';

const FILE = 'envs/dev/kustomization.yaml';
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('setKustomizeImage', () => {
  const overlay = `# Dev overlay of payments
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

resources:
  - ../../base   # shared manifests

images:
  # the app itself
  - name: ghcr.io/acme/payments
    newTag: "v1.2.0"   # set by Slipway

  - name: redis
    newTag: '7.2'
namespace: payments-dev
`;

  it('changes only the tag value, keeping comments, quotes and blank lines', () => {
    expect(
      setKustomizeImage(overlay, FILE, {
        image: 'ghcr.io/acme/payments',
        tag: 'v1.3.0',
      }),
    ).toBe(overlay.replace('newTag: "v1.2.0"', 'newTag: "v1.3.0"'));
    expect(
      setKustomizeImage(overlay, FILE, { image: 'redis', tag: '7.4' }),
    ).toBe(overlay.replace("newTag: '7.2'", "newTag: '7.4'"));
  });

  it('quotes a plain tag that YAML would read as a number', () => {
    const text = 'images:\n- name: app\n  newTag: v1\n';
    expect(setKustomizeImage(text, FILE, { image: 'app', tag: '1.10' })).toBe(
      'images:\n- name: app\n  newTag: "1.10"\n',
    );
    expect(setKustomizeImage(text, FILE, { image: 'app', tag: 'v2' })).toBe(
      'images:\n- name: app\n  newTag: v2\n',
    );
  });

  it('switches from a tag to a digest in place, and back', () => {
    const withDigest = setKustomizeImage(overlay, FILE, {
      image: 'ghcr.io/acme/payments',
      digest: DIGEST,
    });
    expect(withDigest).toBe(
      overlay.replace('newTag: "v1.2.0"', `digest: "${DIGEST}"`),
    );
    expect(
      setKustomizeImage(withDigest, FILE, {
        image: 'ghcr.io/acme/payments',
        tag: 'v2',
      }),
    ).toBe(overlay.replace('newTag: "v1.2.0"', 'newTag: "v2"'));
  });

  it('removes the other key when an entry has both', () => {
    const text = `images:
  - digest: ${DIGEST}
    name: app # keep
    newTag: v1
  - name: other
    newTag: v1
    digest: ${DIGEST}
    newName: other-mirror
`;
    expect(setKustomizeImage(text, FILE, { image: 'app', tag: 'v2' }))
      .toBe(`images:
  - name: app # keep
    newTag: v2
  - name: other
    newTag: v1
    digest: ${DIGEST}
    newName: other-mirror
`);
    expect(
      setKustomizeImage(text, FILE, {
        image: 'other',
        digest: `sha256:${'b'.repeat(64)}`,
      }),
    ).toBe(`images:
  - digest: ${DIGEST}
    name: app # keep
    newTag: v1
  - name: other
    digest: sha256:${'b'.repeat(64)}
    newName: other-mirror
`);
  });

  it('adds the version key to an entry that has none', () => {
    const text =
      'images:\n  - name: app\n    newName: mirror/app  # mirrored\nnamespace: x\n';
    expect(setKustomizeImage(text, FILE, { image: 'app', tag: 'v3' })).toBe(
      'images:\n  - name: app\n    newName: mirror/app  # mirrored\n    newTag: v3\nnamespace: x\n',
    );
  });

  it('matches an entry on newName when no name matches', () => {
    const text =
      'images:\n- name: app\n  newName: ghcr.io/acme/app\n  newTag: v1\n';
    expect(
      setKustomizeImage(text, FILE, { image: 'ghcr.io/acme/app', tag: 'v2' }),
    ).toBe('images:\n- name: app\n  newName: ghcr.io/acme/app\n  newTag: v2\n');
  });

  it('appends an entry for a missing image in the style of the list', () => {
    expect(
      setKustomizeImage(overlay, FILE, {
        image: 'ghcr.io/acme/worker',
        tag: 'v1',
      }),
    ).toBe(
      overlay.replace(
        "    newTag: '7.2'\n",
        "    newTag: '7.2'\n  - name: ghcr.io/acme/worker\n    newTag: v1\n",
      ),
    );
    const unindented = 'images:\n- name: a\n  newTag: v1\n';
    expect(setKustomizeImage(unindented, FILE, { image: 'b', tag: 'v2' })).toBe(
      'images:\n- name: a\n  newTag: v1\n- name: b\n  newTag: v2\n',
    );
  });

  it('adds the images list when the kustomization has none', () => {
    const text = '# overlay\nresources:\n  - ../../base\n';
    expect(setKustomizeImage(text, FILE, { image: 'app', tag: 'v1' })).toBe(
      '# overlay\nresources:\n  - ../../base\nimages:\n  - name: app\n    newTag: v1\n',
    );
    expect(
      setKustomizeImage('resources: [../../base]', FILE, {
        image: 'app',
        tag: 'v1',
      }),
    ).toBe('resources: [../../base]\nimages:\n- name: app\n  newTag: v1\n');
    expect(setKustomizeImage('', FILE, { image: 'app', tag: 'v1' })).toBe(
      'images:\n- name: app\n  newTag: v1\n',
    );
    expect(
      setKustomizeImage('images:\nnamespace: x\n', FILE, {
        image: 'app',
        tag: 'v1',
      }),
    ).toBe('images:\n- name: app\n  newTag: v1\nnamespace: x\n');
  });

  it('edits flow-style lists and entries', () => {
    expect(
      setKustomizeImage('images: [{name: app, newTag: v1}]\n', FILE, {
        image: 'app',
        tag: 'v2',
      }),
    ).toBe('images: [{name: app, newTag: v2}]\n');
    expect(
      setKustomizeImage('images: [{name: app, newTag: v1}]\n', FILE, {
        image: 'app',
        digest: DIGEST,
      }),
    ).toBe(`images: [{name: app, digest: ${DIGEST}}]\n`);
    expect(
      setKustomizeImage('images: []\n', FILE, { image: 'app', tag: 'v2' }),
    ).toBe('images: [{name: app, newTag: v2}]\n');
    expect(
      setKustomizeImage('images: [{name: a, newTag: v1}]\n', FILE, {
        image: 'b',
        tag: 'v2',
      }),
    ).toBe('images: [{name: a, newTag: v1}, {name: b, newTag: v2}]\n');
    expect(
      setKustomizeImage('images: [{name: app}]\n', FILE, {
        image: 'app',
        tag: 'v2',
      }),
    ).toBe('images: [{name: app, newTag: v2}]\n');
  });

  it('keeps CRLF line endings', () => {
    const text = 'images:\r\n  - name: app\r\n    newTag: v1\r\n';
    expect(setKustomizeImage(text, FILE, { image: 'app', tag: 'v2' })).toBe(
      'images:\r\n  - name: app\r\n    newTag: v2\r\n',
    );
    expect(setKustomizeImage(text, FILE, { image: 'b', tag: 'v2' })).toBe(
      'images:\r\n  - name: app\r\n    newTag: v1\r\n  - name: b\r\n    newTag: v2\r\n',
    );
    const both = `images:\r\n  - name: app\r\n    newTag: v1\r\n    digest: ${DIGEST}\r\n`;
    expect(setKustomizeImage(both, FILE, { image: 'app', tag: 'v2' })).toBe(
      'images:\r\n  - name: app\r\n    newTag: v2\r\n',
    );
  });

  it('names the file and line of malformed input', () => {
    const attempt = (text: string) => () =>
      setKustomizeImage(text, FILE, { image: 'app', tag: 'v2' });

    expect(attempt('resources:\n  - a\nimages: {name: app}\n')).toThrow(
      new OverlayEditError('"images" is not a list', FILE, 3),
    );
    expect(attempt('images:\n  - app\n')).toThrow(
      `${FILE}:2: "images" entry 1 is not a mapping`,
    );
    expect(attempt('images:\n  - name: app\n   newTag: [\n')).toThrow(
      /^envs\/dev\/kustomization\.yaml:\d+: is not valid YAML/,
    );
    expect(attempt('- a\n- b\n')).toThrow(
      `${FILE}:1: a kustomization must be a mapping`,
    );
  });

  it('refuses invalid versions before editing', () => {
    const text = 'images:\n- name: app\n  newTag: v1\n';
    expect(() =>
      setKustomizeImage(text, FILE, { image: 'app', tag: 'v1 rm -rf' }),
    ).toThrow(`${FILE}: "v1 rm -rf" is not a valid image tag`);
    expect(() =>
      setKustomizeImage(text, FILE, { image: 'app', digest: 'v1' }),
    ).toThrow(`${FILE}: "v1" is not a digest (algorithm:hex)`);
    expect(() =>
      setKustomizeImage(text, FILE, {
        image: 'app',
        tag: 'v1',
        digest: DIGEST,
      } as never),
    ).toThrow('give either a tag or a digest for app, not both');
  });
});
