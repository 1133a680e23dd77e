import { isFoundational, sortForApply, sortForDelete } from './applyOrder';

const object = (
  apiVersion: string,
  kind: string,
  name = kind.toLowerCase(),
) => ({
  apiVersion,
  kind,
  metadata: { name },
});

describe('applyOrder', () => {
  const shuffled = [
    object('example.com/v1', 'Widget'),
    object('networking.k8s.io/v1', 'Ingress'),
    object('apps/v1', 'Deployment', 'b'),
    object('v1', 'Service'),
    object('apps/v1', 'Deployment', 'a'),
    object('rbac.authorization.k8s.io/v1', 'RoleBinding'),
    object('v1', 'ConfigMap'),
    object('v1', 'ServiceAccount'),
    object('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
    object('v1', 'Namespace'),
    object('other.io/v1', 'Service', 'custom-service'),
  ];

  it('puts namespaces and CRDs first and custom resources last', () => {
    expect(
      sortForApply(shuffled).map(o => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      'Namespace/namespace',
      'CustomResourceDefinition/customresourcedefinition',
      'ServiceAccount/serviceaccount',
      'ConfigMap/configmap',
      'RoleBinding/rolebinding',
      'Service/service',
      'Deployment/b',
      'Deployment/a',
      'Ingress/ingress',
      'Widget/widget',
      'Service/custom-service',
    ]);
  });

  it('deletes in reverse', () => {
    expect(sortForDelete(shuffled)[0].kind).toBe('Service');
    expect(sortForDelete(shuffled).at(-1)?.kind).toBe('Namespace');
  });

  it('knows which failures stop an apply', () => {
    expect(isFoundational(object('v1', 'Namespace'))).toBe(true);
    expect(
      isFoundational(
        object('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
      ),
    ).toBe(true);
    expect(isFoundational(object('v1', 'ConfigMap'))).toBe(false);
    expect(isFoundational(object('example.com/v1', 'Namespace'))).toBe(false);
  });
});
