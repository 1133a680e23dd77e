import { fluxManifests, FluxManifestsOptions } from './fluxManifests';

const OPTIONS: FluxManifestsOptions = {
  name: 'payments-production',
  namespace: 'flux-system',
  repoUrl: 'https://github.com/acme/payments-config.git',
  branch: 'main',
  path: 'envs/production',
  prune: true,
};

describe('fluxManifests', () => {
  it('is a GitRepository for the branch and a Kustomization of the overlay from it', () => {
    expect(fluxManifests(OPTIONS)).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'payments-production', namespace: 'flux-system' },
        spec: {
          interval: '1m',
          url: 'https://github.com/acme/payments-config.git',
          ref: { branch: 'main' },
        },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'payments-production', namespace: 'flux-system' },
        spec: {
          interval: '5m',
          sourceRef: { kind: 'GitRepository', name: 'payments-production' },
          path: './envs/production',
          prune: true,
          wait: true,
        },
      },
    ]);
  });

  it('keeps what Git no longer declares when the environment does not prune', () => {
    const [, kustomization] = fluxManifests({ ...OPTIONS, prune: false });
    expect((kustomization as any).spec.prune).toBe(false);
  });

  it('reaches another cluster through its kubeconfig Secret', () => {
    const [gitRepository, kustomization] = fluxManifests({
      ...OPTIONS,
      kubeConfigSecret: 'prod-cluster-kubeconfig',
    });
    expect((kustomization as any).spec.kubeConfig).toEqual({
      secretRef: { name: 'prod-cluster-kubeconfig' },
    });
    expect((gitRepository as any).spec.kubeConfig).toBe(undefined);
  });

  it('never overrides the namespace the overlay declares', () => {
    const [, kustomization] = fluxManifests(OPTIONS);
    expect((kustomization as any).spec.targetNamespace).toBe(undefined);
  });
});
