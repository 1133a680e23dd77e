import { ArgoCdApplication } from './ArgoCdApplication';
import { argoCdApplicationState } from './argoCdApplicationState';

/*
 * The inputs are Applications as Argo CD v2.14's own application controller
 * left them in pullEngines.controllers.test.ts (recorded with
 * SLIPWAY_RECORD_ENGINE_OBJECTS), never written by hand.
 */
function recorded(name: string): ArgoCdApplication {
  return require(`./__fixtures__/argocd-${name}.json`)[0];
}

describe('argoCdApplicationState', () => {
  it('reads a synced, healthy Application', () => {
    const application = recorded('synced');
    const state = argoCdApplicationState(application);
    expect(state).toMatchObject({
      object: {
        kind: 'Application',
        namespace: 'argocd',
        name: application.metadata.name,
      },
      syncStatus: 'Synced',
      health: 'Healthy',
      comparedRevision: application.status!.sync!.revision,
      appliedRevision: application.status!.operationState!.syncResult!.revision,
      automated: true,
      liveImages: ['registry.example/slipway/pull:1.0.0'],
      message: undefined,
      operation: undefined,
    });
    expect(
      state.resources.map(r => [r.kind, r.name, r.syncStatus, r.health]),
    ).toEqual([
      ['ConfigMap', 'web-settings', 'Synced', undefined],
      ['Deployment', 'web', 'Synced', 'Healthy'],
    ]);
  });

  it('reads drift Argo CD found on one resource', () => {
    const state = argoCdApplicationState(recorded('drifted'));
    expect(state.syncStatus).toBe('OutOfSync');
    expect(
      state.resources.filter(r => r.syncStatus !== 'Synced').map(r => r.kind),
    ).toEqual(['ConfigMap']);
  });

  it('reads a sync Argo CD keeps retrying, with its words', () => {
    const state = argoCdApplicationState(recorded('failed'));
    expect(state.operation).toMatchObject({ phase: 'Running' });
    expect(state.message).toMatch(
      /^Sync running: one or more objects failed to apply/,
    );
  });

  it('leaves hooks out of the resources and reports the operation under way', () => {
    const application = recorded('operation-running');
    const state = argoCdApplicationState(application);
    expect(state.operation).toEqual({
      phase: 'Running',
      message: undefined,
      startedAt: application.status!.operationState!.startedAt,
    });
    expect(state.resources.map(r => r.kind)).not.toContain('Pod');
    expect(state.liveImages).toHaveLength(2);
  });

  it('takes a requested operation the controller has not picked up as pending', () => {
    const application = recorded('synced');
    expect(
      argoCdApplicationState({ ...application, operation: { sync: {} } })
        .operation,
    ).toEqual({ phase: 'Pending' });
  });
});
