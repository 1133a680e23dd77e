import { Entity } from '@backstage/catalog-model';
import {
  engineObjectName,
  readEngineObjectAnnotations,
} from './readEngineObjectAnnotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
});

describe('readEngineObjectAnnotations', () => {
  it('reads the names an entity gives, {environment} kept', () => {
    expect(
      readEngineObjectAnnotations(
        entity({
          'slipway.dev/argocd-app': 'payments-{environment}',
          'slipway.dev/flux-kustomization':
            'flux-system/payments-{environment}',
        }),
      ),
    ).toEqual({
      argocdApp: 'payments-{environment}',
      fluxKustomization: 'flux-system/payments-{environment}',
    });
    expect(readEngineObjectAnnotations(entity({}))).toBeUndefined();
  });

  it.each([
    'Payments-{environment}',
    'a/b/c',
    'payments_{environment}',
    `${'x'.repeat(60)}-{environment}`,
  ])('refuses %j, naming the annotation', value => {
    expect(() =>
      readEngineObjectAnnotations(entity({ 'slipway.dev/argocd-app': value })),
    ).toThrow(
      `slipway.dev/argocd-app "${value}" is not a name or namespace/name of lowercase letters, digits and dashes ({environment} stands for the environment's name)`,
    );
  });

  it('puts the environment in and splits namespace and name', () => {
    expect(engineObjectName('payments-{environment}', 'dev', 'argocd')).toEqual(
      {
        namespace: 'argocd',
        name: 'payments-dev',
      },
    );
    expect(
      engineObjectName('team-a/payments-{environment}', 'prod', 'argocd'),
    ).toEqual({
      namespace: 'team-a',
      name: 'payments-prod',
    });
  });
});
