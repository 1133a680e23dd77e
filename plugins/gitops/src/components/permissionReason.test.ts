import { permissionReason } from './permissionReason';
import { DeliveryPermissions } from './useDeliveryPermissions';

const allowed = { loading: false, allowed: true };
const denied = { loading: false, allowed: false };
const all: DeliveryPermissions = {
  deploy: allowed,
  promote: allowed,
  rollback: allowed,
  sync: allowed,
  protectedEnvironment: allowed,
};
const dev = { name: 'dev', protected: false };
const production = { name: 'production', protected: true };

describe('permissionReason', () => {
  it('gives no reason when everything needed is granted', () => {
    expect(permissionReason('deploy', dev, all)).toBeUndefined();
    expect(permissionReason('rollback', production, all)).toBeUndefined();
  });

  it("names the action's permission when it is denied", () => {
    expect(
      permissionReason('rollback', dev, { ...all, rollback: denied }),
    ).toBe(
      'You may not roll back this application: the gitops.rollback permission is not granted to you',
    );
  });

  it('names the sync permission for a sync', () => {
    expect(permissionReason('sync', dev, { ...all, sync: denied })).toBe(
      'You may not sync this application: the gitops.sync permission is not granted to you',
    );
    expect(
      permissionReason('sync', production, {
        ...all,
        protectedEnvironment: denied,
      }),
    ).toMatch(/^production is protected/);
  });

  it("names the sync permission for Argo CD's and Flux's controls", () => {
    const permissions = { ...all, sync: denied };
    expect(permissionReason('terminate', dev, permissions)).toBe(
      'You may not terminate syncs of this application: the gitops.sync permission is not granted to you',
    );
    expect(permissionReason('suspend', dev, permissions)).toBe(
      'You may not suspend this application: the gitops.sync permission is not granted to you',
    );
    expect(permissionReason('resume', dev, permissions)).toBe(
      'You may not resume this application: the gitops.sync permission is not granted to you',
    );
    expect(
      permissionReason('suspend', production, {
        ...all,
        protectedEnvironment: denied,
      }),
    ).toMatch(/^production is protected/);
  });

  it('asks for the protected permission only on protected environments', () => {
    const permissions = { ...all, protectedEnvironment: denied };
    expect(permissionReason('deploy', dev, permissions)).toBeUndefined();
    expect(permissionReason('deploy', production, permissions)).toBe(
      'production is protected: changing it needs the gitops.environment.protected permission, which is not granted to you',
    );
  });

  it('waits for the answer, and says when it could not be had', () => {
    expect(
      permissionReason('promote', dev, {
        ...all,
        promote: { loading: true, allowed: false },
      }),
    ).toBe('Checking your permissions…');
    expect(
      permissionReason('promote', dev, {
        ...all,
        promote: {
          loading: false,
          allowed: false,
          error: new Error('permission backend unavailable'),
        },
      }),
    ).toBe('Could not check your permissions: permission backend unavailable');
  });
});
