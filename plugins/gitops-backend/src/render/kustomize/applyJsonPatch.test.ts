import { applyJsonPatch } from './applyJsonPatch';

describe('applyJsonPatch', () => {
  it('applies add, remove, replace, move, copy and test without touching the input', () => {
    const input = { a: { b: [1, 2] }, c: 'x' };
    const output = applyJsonPatch(input, [
      { op: 'add', path: '/a/b/-', value: 3 },
      { op: 'add', path: '/a/b/0', value: 0 },
      { op: 'replace', path: '/c', value: 'y' },
      { op: 'copy', from: '/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e' },
      { op: 'remove', path: '/a/b/1' },
      { op: 'test', path: '/e', value: 'y' },
    ]);
    expect(output).toEqual({ a: { b: [0, 2, 3] }, c: 'y', e: 'y' });
    expect(input).toEqual({ a: { b: [1, 2] }, c: 'x' });
  });

  it('names the failing operation and path', () => {
    expect(() =>
      applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/missing', value: 1 }]),
    ).toThrow('operation 0 (replace /missing): path /missing does not exist');
    expect(() =>
      applyJsonPatch({ a: [1] }, [{ op: 'test', path: '/a/0', value: 2 }]),
    ).toThrow(/test failed/);
  });
});
