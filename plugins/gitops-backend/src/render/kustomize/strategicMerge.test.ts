import { strategicMerge } from './strategicMerge';

describe('strategicMerge', () => {
  it('merges maps, deletes nulls and replaces lists without keys', () => {
    expect(
      strategicMerge(
        { a: { b: 1, c: 2 }, args: ['x', 'y'] },
        { a: { c: null, d: 3 }, args: ['z'] },
      ),
    ).toEqual({ a: { b: 1, d: 3 }, args: ['z'] });
  });

  it('merges service ports by port and container ports by containerPort', () => {
    expect(
      strategicMerge(
        { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
        { spec: { ports: [{ port: 80, name: 'http' }, { port: 9090 }] } },
      ),
    ).toEqual({
      spec: {
        ports: [
          { port: 80, targetPort: 8080, name: 'http' },
          { port: 443 },
          { port: 9090 },
        ],
      },
    });
  });

  it('honours $patch: replace on maps and lists', () => {
    expect(
      strategicMerge({ a: { b: 1 } }, { a: { $patch: 'replace', c: 2 } }),
    ).toEqual({ a: { c: 2 } });
    expect(
      strategicMerge(
        { containers: [{ name: 'a' }, { name: 'b' }] },
        { containers: [{ $patch: 'replace' }, { name: 'c' }] },
      ),
    ).toEqual({ containers: [{ name: 'c' }] });
  });
});
