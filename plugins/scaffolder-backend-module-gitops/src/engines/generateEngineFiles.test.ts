import { parse, parseAllDocuments } from 'yaml';
import { engineSetupFor } from '../__testUtils__/engineSetupFor';
import { generateEngineFiles } from './generateEngineFiles';

const PIPELINE = [
  { name: 'dev', cluster: 'dev-cluster', sync: { automated: true } },
  {
    name: 'staging',
    cluster: 'dev-cluster',
    engine: 'argocd',
    sync: { automated: true, prune: true, selfHeal: true },
  },
  {
    name: 'production',
    cluster: 'prod-cluster',
    engine: 'flux',
    sync: { prune: true },
  },
];

function documentsOf(content: string) {
  return parseAllDocuments(content).map(document => {
    expect(document.errors).toEqual([]);
    return document.toJS();
  });
}

describe('generateEngineFiles', () => {
  it('writes nothing when Slipway applies every environment', () => {
    expect(
      generateEngineFiles(
        engineSetupFor({
          environments: [
            { name: 'dev', cluster: 'c' },
            { name: 'staging', cluster: 'c', engine: 'builtin' },
          ],
        }),
      ),
    ).toEqual({});
  });

  it('writes an Application per Argo CD environment and the Flux objects per Flux environment', () => {
    const files = generateEngineFiles(
      engineSetupFor(
        { environments: PIPELINE },
        { configPath: 'apps/payments', branch: 'trunk' },
      ),
    );
    expect(Object.keys(files).sort()).toEqual([
      'argocd/applications/payments-staging.yaml',
      'flux/production/payments.yaml',
    ]);

    expect(
      documentsOf(files['argocd/applications/payments-staging.yaml']),
    ).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'payments-staging', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://github.com/acme/payments-config.git',
            targetRevision: 'trunk',
            path: 'apps/payments/envs/staging',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            // The namespace the generated overlay declares.
            namespace: 'payments-staging',
          },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true'],
          },
        },
      },
    ]);

    const [gitRepository, kustomization] = documentsOf(
      files['flux/production/payments.yaml'],
    );
    expect(gitRepository).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'payments-production', namespace: 'flux-system' },
      spec: {
        interval: '1m',
        url: 'https://github.com/acme/payments-config.git',
        ref: { branch: 'trunk' },
      },
    });
    expect(kustomization).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'payments-production', namespace: 'flux-system' },
      spec: {
        interval: '5m',
        sourceRef: { kind: 'GitRepository', name: 'payments-production' },
        path: './apps/payments/envs/production',
        prune: true,
        wait: true,
      },
    });
  });

  it("sends Argo CD's objects without a namespace to the environment's configured namespace", () => {
    const files = generateEngineFiles(
      engineSetupFor({
        environments: [
          {
            name: 'staging',
            cluster: 'c',
            engine: 'argocd',
            namespace: 'shop',
          },
        ],
      }),
    );
    const [application] = documentsOf(
      files['argocd/applications/payments-staging.yaml'],
    );
    expect(application.spec.destination.namespace).toBe('shop');
    expect(application.spec.syncPolicy).toEqual({
      syncOptions: ['CreateNamespace=true'],
    });
  });

  it('puts the objects where a configured engine instance keeps them, reaching the environment by its cluster name', () => {
    const files = generateEngineFiles(
      engineSetupFor({
        engines: [
          {
            name: 'ops-argocd',
            type: 'argocd',
            cluster: 'ops',
            namespace: 'gitops',
          },
          {
            name: 'ops-flux',
            type: 'flux',
            cluster: 'ops',
            namespace: 'flux-apps',
          },
        ],
        environments: [
          { name: 'staging', cluster: 'dev-cluster', engine: 'ops-argocd' },
          { name: 'production', cluster: 'prod-cluster', engine: 'ops-flux' },
        ],
      }),
    );
    const [application] = documentsOf(
      files['argocd/applications/payments-staging.yaml'],
    );
    expect(application.metadata).toEqual({
      name: 'payments-staging',
      namespace: 'gitops',
    });
    expect(application.spec.destination).toEqual({
      name: 'dev-cluster',
      namespace: 'payments-staging',
    });
    const [gitRepository, kustomization] = documentsOf(
      files['flux/production/payments.yaml'],
    );
    expect(gitRepository.metadata.namespace).toBe('flux-apps');
    expect(kustomization.metadata.namespace).toBe('flux-apps');
    expect(kustomization.spec.kubeConfig).toEqual({
      secretRef: { name: 'prod-cluster-kubeconfig' },
    });
  });

  it('quotes values YAML would otherwise read as something else', () => {
    const files = generateEngineFiles(
      engineSetupFor(
        { environments: PIPELINE },
        { branch: '1.10', repoUrl: 'https://git.example.com/a #b/c: d' },
      ),
    );
    const [application] = documentsOf(
      files['argocd/applications/payments-staging.yaml'],
    );
    expect(application.spec.source.targetRevision).toBe('1.10');
    expect(application.spec.source.repoURL).toBe(
      'https://git.example.com/a #b/c: d',
    );
    const [gitRepository] = documentsOf(files['flux/production/payments.yaml']);
    expect(gitRepository.spec.ref.branch).toBe('1.10');
    expect(parse(files['argocd/applications/payments-staging.yaml'])).toEqual(
      application,
    );
  });
});
