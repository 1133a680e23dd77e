import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { captureLogger } from '../__testUtils__';
import { condition, liveObject } from './__testUtils__/liveObject';
import { assessHealth } from './assessHealth';
import { builtInHealthChecks } from './builtInHealthChecks';
import { createHealthChecks } from './createHealthChecks';

/** What a platform team keeps in argocd-cm for its own database operator. */
const DATABASE_HEALTH = `
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    if c.status == "True" then
      hs.status = "Healthy"
    else
      hs.status = "Degraded"
    end
    hs.message = c.message
    return hs
  end
end
hs.status = "Progressing"
hs.message = "No Ready condition yet"
return hs
`;

/** Overrides a built-in rule: this team treats every paused Rollout as Healthy. */
const ROLLOUT_HEALTH = `
if obj.spec.paused then
  return { status = "Healthy", message = "Paused on purpose" }
end
return { status = "Progressing", message = "From argocd-cm" }
`;

const database = (status?: Record<string, unknown>) =>
  liveObject('example.com/v1', 'Database', { status });
const pausedRollout = liveObject('argoproj.io/v1alpha1', 'Rollout', {
  spec: { paused: true },
  status: { observedGeneration: '3', phase: 'Paused' },
});

const config = (health?: JsonObject) =>
  new ConfigReader({
    gitops: { environments: [], ...(health ? { health } : {}) },
  });

describe('createHealthChecks', () => {
  it('is the extension point’s checks and the built-ins when no script is configured', async () => {
    const extension: ResourceHealthCheck = {
      supports: () => false,
      assess: () => undefined,
    };
    const checks = await createHealthChecks({
      config: config(),
      logger: captureLogger().logger,
      extensionChecks: [extension],
    });
    expect(checks).toEqual([extension, ...builtInHealthChecks]);
  });

  it('runs scripts from app-config and from the connected Argo CD, before the built-in rules', async () => {
    const { logger, lines } = captureLogger();
    const readConfigMap = jest.fn(async () => ({
      'resource.customizations.health.argoproj.io_Rollout': ROLLOUT_HEALTH,
      'resource.customizations.health.example.com_Database':
        'return { status = "Unknown", message = "app-config wins" }',
    }));
    const scheduler = { scheduleTask: jest.fn(async () => {}) };
    const checks = await createHealthChecks({
      config: config({
        scripts: [
          { group: 'example.com', kind: 'Database', lua: DATABASE_HEALTH },
        ],
        argocd: { cluster: 'prod', refreshInterval: '10m' },
      }),
      logger,
      extensionChecks: [],
      readConfigMap,
      scheduler: scheduler as any,
    });
    expect(readConfigMap).toHaveBeenCalledWith('prod', 'argocd', 'argocd-cm');
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'gitops-argocd-health-scripts',
        frequency: { milliseconds: 600000 },
        scope: 'local',
      }),
    );
    expect(lines.join('\n')).toContain(
      'Read 2 Argo CD health scripts from ConfigMap argocd/argocd-cm of cluster prod',
    );

    expect(assessHealth(database(), checks)).toEqual({
      status: 'Progressing',
      message: 'Waiting for the operator',
    });
    expect(
      assessHealth(
        database({
          conditions: [
            condition('Ready', 'False', 'DiskFull', 'volume data is full'),
          ],
        }),
        checks,
      ),
    ).toEqual({ status: 'Degraded', message: 'volume data is full' });
    // argocd-cm overrides the built-in Rollout rule, which would say Suspended.
    expect(assessHealth(pausedRollout).status).toBe('Suspended');
    expect(assessHealth(pausedRollout, checks)).toEqual({
      status: 'Healthy',
      message: 'Paused on purpose',
    });
    // Kinds without a script keep their built-in rule.
    expect(assessHealth(liveObject('v1', 'ConfigMap'), checks)).toEqual({});
  });

  it('lets a check from the extension point win over scripts', async () => {
    const extension: ResourceHealthCheck = {
      supports: object => object.kind === 'Database',
      assess: () => ({ status: 'Healthy', message: 'from a module' }),
    };
    const checks = await createHealthChecks({
      config: config({
        scripts: [
          { group: 'example.com', kind: 'Database', lua: DATABASE_HEALTH },
        ],
      }),
      logger: captureLogger().logger,
      extensionChecks: [extension],
    });
    expect(assessHealth(database(), checks)).toEqual({
      status: 'Healthy',
      message: 'from a module',
    });
  });

  it('leaves an object without health, with the reason, when its script runs away', async () => {
    const checks = await createHealthChecks({
      config: config({
        scripts: [
          { group: 'example.com', kind: 'Database', lua: 'while true do end' },
          {
            group: 'example.com',
            kind: 'Cache',
            lua: 'local s = "x" while true do s = s .. s end',
          },
        ],
        scriptLimits: {
          instructions: 50000,
          memoryBytes: 1048576,
          timeout: { seconds: 5 },
        },
      }),
      logger: captureLogger().logger,
      extensionChecks: [],
    });
    const started = Date.now();
    expect(assessHealth(database(), checks)).toEqual({
      message:
        'Health script for example.com/Database (app-config) was stopped: it exceeded its limit of 50000 instructions',
    });
    expect(assessHealth(liveObject('example.com/v1', 'Cache'), checks)).toEqual(
      {
        message:
          'Health script for example.com/Cache (app-config) was stopped: it exceeded its memory limit of 1048576 bytes',
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('starts without the Argo CD scripts when argocd-cm cannot be read, and says so', async () => {
    const { logger, lines } = captureLogger();
    const checks = await createHealthChecks({
      config: config({
        argocd: {
          cluster: 'prod',
          namespace: 'gitops',
          configMap: 'argocd-cm',
        },
      }),
      logger,
      extensionChecks: [],
      readConfigMap: async () => {
        throw new Error('configmaps "argocd-cm" is forbidden');
      },
    });
    expect(lines.join('\n')).toContain(
      'Could not read Argo CD health scripts from ConfigMap gitops/argocd-cm of cluster prod; keeping the 0 read before',
    );
    expect(assessHealth(pausedRollout, checks).status).toBe('Suspended');
  });

  it.each([
    [
      { scripts: [{ kind: 'Database', lua: ' ' }] },
      'gitops.health.scripts[0].lua is empty',
    ],
    [
      { scriptLimits: { instructions: 0 } },
      'gitops.health.scriptLimits.instructions must be a positive number, got 0',
    ],
    [
      { argocd: { cluster: 'prod' } },
      'gitops.health.argocd is configured, but the backend gave no way to read ConfigMaps',
    ],
  ])('refuses %j', async (health, message) => {
    await expect(
      createHealthChecks({
        config: config(health),
        logger: captureLogger().logger,
        extensionChecks: [],
      }),
    ).rejects.toThrow(message);
  });

  it('runs a script once per object version', async () => {
    const checks = await createHealthChecks({
      config: config({
        scripts: [
          { group: 'example.com', kind: 'Database', lua: 'while true do end' },
        ],
        scriptLimits: { instructions: 1e12, timeout: '200ms' },
      }),
      logger: captureLogger().logger,
      extensionChecks: [],
    });
    const version = (resourceVersion: string) =>
      liveObject('example.com/v1', 'Database', {
        metadata: { uid: 'a1b2', resourceVersion },
      });
    const timed = (resourceVersion: string) => {
      const started = Date.now();
      const health = assessHealth(version(resourceVersion), checks);
      return { health, ms: Date.now() - started };
    };
    const first = timed('41');
    expect(first.health).toEqual({
      message:
        'Health script for example.com/Database (app-config) was stopped: it exceeded its time limit of 200 ms',
    });
    expect(first.ms).toBeGreaterThanOrEqual(200);
    const again = timed('41');
    expect(again.health).toEqual(first.health);
    expect(again.ms).toBeLessThan(50);
    expect(timed('42').ms).toBeGreaterThanOrEqual(200);
  });
});
