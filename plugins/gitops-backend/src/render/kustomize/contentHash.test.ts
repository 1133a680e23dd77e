import { contentHash, encodeHash, goJson } from './contentHash';

describe('contentHash', () => {
  // The vectors of kustomize's api/hasher/hasher_test.go.
  it.each([
    [{ kind: 'ConfigMap' }, '6ct58987ht'],
    [{ kind: 'ConfigMap', data: { one: '' } }, '9g67k2htb6'],
    [{ kind: 'ConfigMap', data: { two: 2, one: '', three: 3 } }, '7757f9kkct'],
    [{ kind: 'ConfigMap', binaryData: { one: '' } }, '6mtk2m274t'],
    [
      { kind: 'ConfigMap', data: { one: '' }, binaryData: { two: '' } },
      '698h7c7t9m',
    ],
    [{ kind: 'Secret', type: 'my-type' }, '5gmgkf8578'],
    [{ kind: 'Secret', type: 'my-type', data: { one: '' } }, '74bd68bm66'],
    [
      { kind: 'Secret', type: 'my-type', data: { two: 2, one: '', three: 3 } },
      '4gf75c7476',
    ],
    [
      {
        kind: 'Secret',
        type: 'my-type',
        data: { one: '' },
        stringData: { two: 2 },
      },
      'c4h4264gdb',
    ],
  ])('hashes %j as kustomize does', (object, hash) => {
    expect(contentHash(object)).toBe(hash);
  });

  it('includes the name', () => {
    expect(
      contentHash({
        kind: 'ConfigMap',
        metadata: { name: 'example-configmap-2' },
        data: { FOO: 'Bar' },
      }),
    ).toBe('g2hdhfc6tk');
  });

  it('encodes JSON as Go does (sorted keys, HTML characters escaped)', () => {
    expect(goJson({ b: '<&>', a: [1, 'x'] })).toBe(
      '{"a":[1,"x"],"b":"\\u003c\\u0026\\u003e"}',
    );
  });

  it('swaps digits and letters that could read as numbers or words', () => {
    expect(encodeHash('0123456789abcdef')).toBe('gh2k456789');
    expect(encodeHash('aebc000000')).toBe('mtbcgggggg');
  });
});
