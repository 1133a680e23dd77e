import { configMapReader } from './configMapReader';

describe('configMapReader', () => {
  it('reads the data of a ConfigMap from the named cluster', async () => {
    const getJson = jest.fn(async () => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: 'argocd' },
      data: {
        'resource.customizations.health.example.com_Database': 'return {}',
        ignored: 42,
      },
    }));
    const get = jest.fn(async () => ({ objects: { getJson } }));
    const read = configMapReader({ get });
    await expect(read('prod', 'argocd', 'argocd-cm')).resolves.toEqual({
      'resource.customizations.health.example.com_Database': 'return {}',
    });
    expect(get).toHaveBeenCalledWith('prod');
    expect(getJson).toHaveBeenCalledWith(
      '/api/v1/namespaces/argocd/configmaps/argocd-cm',
    );
  });

  it('answers undefined for a ConfigMap without data', async () => {
    const read = configMapReader({
      get: async () => ({
        objects: { getJson: async () => ({ kind: 'ConfigMap' }) },
      }),
    });
    await expect(read('prod', 'argocd', 'argocd-cm')).resolves.toBeUndefined();
  });
});
