import { formatItemKey, listMergeKey } from './listMergeKey';

describe('listMergeKey', () => {
  it("keys Kubernetes' associative lists by their merge keys", () => {
    expect(listMergeKey('containers', [{ name: 'api' }])).toEqual({
      fields: ['name'],
      defaults: {},
    });
    expect(listMergeKey('ports', [{ containerPort: 80 }])).toEqual({
      fields: ['containerPort', 'protocol'],
      defaults: { protocol: 'TCP' },
    });
    expect(listMergeKey('ports', [{ port: 80 }])).toEqual({
      fields: ['port', 'protocol'],
      defaults: { protocol: 'TCP' },
    });
  });

  it('keys lists Kubernetes replaces whole where a diff reads better keyed', () => {
    expect(
      listMergeKey('volumeClaimTemplates', [{ metadata: { name: 'data' } }])
        ?.fields,
    ).toEqual(['metadata.name']);
    expect(
      listMergeKey('readinessGates', [{ conditionType: 'x' }])?.fields,
    ).toEqual(['conditionType']);
  });

  it.each([
    ['an unkeyed list', 'args', ['a']],
    ['an empty list', 'containers', []],
    ['items that are not maps', 'containers', ['a']],
    ['items without the key', 'containers', [{ image: 'x' }]],
    ['a repeated key', 'env', [{ name: 'A' }, { name: 'A' }]],
    ['ports of neither kind', 'ports', [{ name: 'http' }]],
    ['a field named like an Object method', 'constructor', [{ name: 'a' }]],
  ])('compares %s whole', (_, field, items) => {
    expect(listMergeKey(field, items)).toBeUndefined();
  });

  it('leaves a default protocol out of item keys', () => {
    const key = listMergeKey('ports', [{ containerPort: 80 }])!;
    expect(formatItemKey(key, { containerPort: '80' })).toBe(
      'containerPort=80',
    );
    expect(formatItemKey(key, { containerPort: 53, protocol: 'UDP' })).toBe(
      'containerPort=53,protocol=UDP',
    );
  });
});
