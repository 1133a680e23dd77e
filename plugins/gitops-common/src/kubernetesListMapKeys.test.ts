import { kubernetesListMapKeys } from './kubernetesListMapKeys';

describe('kubernetesListMapKeys', () => {
  it.each([
    ['containers', ['name']],
    ['env', ['name']],
    ['secrets', ['name']],
    ['volumeMounts', ['mountPath']],
    ['volumeDevices', ['devicePath']],
    ['hostAliases', ['ip']],
    ['conditions', ['type']],
    ['topologySpreadConstraints', ['topologyKey', 'whenUnsatisfiable']],
  ])('keys %s by %j', (field, keys) => {
    expect(kubernetesListMapKeys(field, [])).toEqual(keys);
  });

  it("tells a container's ports from a Service's by what the items hold", () => {
    expect(
      kubernetesListMapKeys('ports', [{ containerPort: 80 }, { $patch: 'x' }]),
    ).toEqual(['containerPort', 'protocol']);
    expect(
      kubernetesListMapKeys('ports', [{ port: 80, targetPort: 8080 }]),
    ).toEqual(['port', 'protocol']);
    expect(kubernetesListMapKeys('ports', [])).toBeUndefined();
    expect(kubernetesListMapKeys('ports', [{ name: 'http' }])).toBeUndefined();
  });

  it.each(['args', 'readinessGates', 'volumeClaimTemplates', 'constructor'])(
    'finds %s atomic',
    field => {
      expect(kubernetesListMapKeys(field, [{ name: 'a' }])).toBeUndefined();
    },
  );
});
