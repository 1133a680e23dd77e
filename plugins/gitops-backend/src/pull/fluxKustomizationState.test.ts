import { FluxGitRepository, FluxKustomization } from './FluxKustomization';
import {
  fluxKustomizationState,
  inventoryEntries,
} from './fluxKustomizationState';
import { parseFluxRevision } from './parseFluxRevision';

/*
 * The inputs are Kustomizations and GitRepositories as Flux's own
 * kustomize-controller and source-controller left them in
 * pullEngines.controllers.test.ts (recorded with
 * SLIPWAY_RECORD_ENGINE_OBJECTS), never written by hand.
 */
function recorded(name: string): [FluxKustomization, FluxGitRepository] {
  return require(`./__fixtures__/flux-${name}.json`);
}

describe('fluxKustomizationState', () => {
  it('reads a ready Kustomization at its source revision', () => {
    const [kustomization, source] = recorded('synced');
    const revision = parseFluxRevision(
      kustomization.status!.lastAppliedRevision,
    );
    expect(fluxKustomizationState(kustomization, source)).toMatchObject({
      object: {
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: kustomization.metadata.name,
      },
      syncStatus: 'Synced',
      health: 'Healthy',
      comparedRevision: revision,
      appliedRevision: revision,
      automated: true,
      message: undefined,
      suspended: undefined,
    });
  });

  it('reads its inventory', () => {
    const [kustomization] = recorded('synced');
    const namespace = kustomization.metadata.name;
    expect(inventoryEntries(kustomization)).toEqual([
      {
        namespace,
        name: 'web-settings',
        group: '',
        kind: 'ConfigMap',
        version: 'v1',
      },
      {
        namespace,
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        version: 'v1',
      },
    ]);
  });

  it('reads a revision Flux could not apply as OutOfSync and Degraded, in its words', () => {
    const [kustomization, source] = recorded('failed');
    const state = fluxKustomizationState(kustomization, source);
    expect(state).toMatchObject({
      syncStatus: 'OutOfSync',
      health: 'Degraded',
      appliedRevision: parseFluxRevision(
        kustomization.status!.lastAppliedRevision,
      ),
      comparedRevision: parseFluxRevision(source.status!.artifact!.revision),
    });
    expect(state.appliedRevision).not.toBe(state.comparedRevision);
    expect(state.message).toMatch(/web-settings dry-run failed/);
    expect(state.message).toMatch(/Flux could not apply [0-9a-f]{7}/);
  });

  it('reads a suspended Kustomization', () => {
    const [kustomization, source] = recorded('suspended');
    expect(fluxKustomizationState(kustomization, source)).toMatchObject({
      health: 'Suspended',
      automated: false,
      suspended: true,
    });
  });
});
