import {
  argoCdApplication,
  ArgoCdApplicationOptions,
} from './argoCdApplication';

const OPTIONS: ArgoCdApplicationOptions = {
  name: 'payments-staging',
  namespace: 'argocd',
  repoUrl: 'https://github.com/acme/payments-config.git',
  branch: 'main',
  path: 'apps/payments/envs/staging',
  destination: { server: 'https://kubernetes.default.svc' },
  destinationNamespace: 'payments-staging',
  sync: { automated: true, prune: true, selfHeal: false },
};

describe('argoCdApplication', () => {
  it('applies the overlay from the config repo branch into the destination', () => {
    expect(argoCdApplication(OPTIONS)).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'payments-staging', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://github.com/acme/payments-config.git',
          targetRevision: 'main',
          path: 'apps/payments/envs/staging',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'payments-staging',
        },
        syncPolicy: {
          automated: { prune: true, selfHeal: false },
          syncOptions: ['CreateNamespace=true'],
        },
      },
    });
  });

  it('syncs only when asked for an environment that is not automated', () => {
    const application = argoCdApplication({
      ...OPTIONS,
      sync: { automated: false, prune: true, selfHeal: true },
    }) as any;
    expect(application.spec.syncPolicy).toEqual({
      syncOptions: ['CreateNamespace=true'],
    });
  });

  it('names a cluster registered in Argo CD instead of its own', () => {
    const application = argoCdApplication({
      ...OPTIONS,
      destination: { name: 'prod-cluster' },
    }) as any;
    expect(application.spec.destination).toEqual({
      name: 'prod-cluster',
      namespace: 'payments-staging',
    });
  });

  it('has no finalizer, so deleting the Application leaves the service running', () => {
    expect((argoCdApplication(OPTIONS) as any).metadata.finalizers).toBe(
      undefined,
    );
  });
});
