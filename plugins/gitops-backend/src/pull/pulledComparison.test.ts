import { EngineState } from './EngineState';
import { pulledComparison } from './pulledComparison';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);

const state = (extra: Partial<EngineState> = {}): EngineState => ({
  object: { kind: 'Application', namespace: 'argocd', name: 'shop-dev' },
  syncStatus: 'Synced',
  health: 'Healthy',
  comparedRevision: HEAD,
  appliedRevision: HEAD,
  automated: true,
  resources: [
    {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      syncStatus: 'Synced',
      health: 'Healthy',
    },
  ],
  liveImages: ['ghcr.io/acme/sidecar:9', 'ghcr.io/acme/shop:1.2.0'],
  ...extra,
});

describe('pulledComparison', () => {
  it("takes Argo CD's verdicts and finds the live version among its images", () => {
    expect(
      pulledComparison({
        engine: 'argocd',
        head: HEAD,
        state: state(),
        image: 'ghcr.io/acme/shop',
      }),
    ).toEqual({
      syncStatus: 'Synced',
      health: 'Healthy',
      driftCount: 0,
      resources: state().resources,
      liveVersion: '1.2.0',
      message: undefined,
    });
  });

  it('is OutOfSync while the engine has not fetched the head, and says so', () => {
    const result = pulledComparison({
      engine: 'argocd',
      head: HEAD,
      state: state({ comparedRevision: OLD }),
    });
    expect(result.syncStatus).toBe('OutOfSync');
    expect(result.message).toBe(
      'Argo CD has not fetched aaaaaaa yet (it has bbbbbbb)',
    );
  });

  it("counts Argo CD's drifted, missing and extra resources", () => {
    const result = pulledComparison({
      engine: 'argocd',
      head: HEAD,
      state: state({
        syncStatus: 'OutOfSync',
        resources: [
          { group: '', kind: 'ConfigMap', name: 'a', syncStatus: 'OutOfSync' },
          { group: '', kind: 'ConfigMap', name: 'b', syncStatus: 'Missing' },
          { group: '', kind: 'ConfigMap', name: 'c', syncStatus: 'Extra' },
          { group: '', kind: 'ConfigMap', name: 'd', syncStatus: 'Synced' },
        ],
      }),
    });
    expect(result).toMatchObject({ syncStatus: 'OutOfSync', driftCount: 3 });
  });

  it('holds Flux to what it applied, and to the drift Slipway sees live', () => {
    const fluxState = state({
      object: {
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'shop-dev',
      },
      liveImages: undefined,
    });
    const behind = pulledComparison({
      engine: 'flux',
      head: HEAD,
      state: { ...fluxState, appliedRevision: OLD },
    });
    expect(behind.syncStatus).toBe('OutOfSync');
    expect(behind.message).toBe(
      'Flux has not applied aaaaaaa yet (it applied bbbbbbb)',
    );

    const drifted = pulledComparison({
      engine: 'flux',
      head: HEAD,
      state: fluxState,
      live: {
        syncStatus: 'OutOfSync',
        health: 'Progressing',
        driftCount: 1,
        resources: [
          {
            group: '',
            kind: 'ConfigMap',
            name: 'settings',
            syncStatus: 'OutOfSync',
            changes: [
              { path: 'data.LOG_LEVEL', desired: 'info', live: 'debug' },
            ],
          },
        ],
        liveVersion: '1.1.0',
      },
    });
    expect(drifted).toMatchObject({
      syncStatus: 'OutOfSync',
      health: 'Progressing',
      driftCount: 1,
      liveVersion: '1.1.0',
      message: '1 resource(s) drifted from Git since Flux applied them',
    });
    expect(drifted.resources[0].changes).toHaveLength(1);
  });
});
