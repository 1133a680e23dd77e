import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { applicationLabelValue } from '../kubernetes';
import { captureLogger } from '../__testUtils__';
import {
  testApplication,
  testEnvironment,
} from './__testUtils__/engineTestDoubles';
import { KnownApplications } from './KnownApplications';
import { ReconcileTimers } from './ReconcileTimers';
import { ReconcileTrigger } from './ReconcileTrigger';

const argocd = testEnvironment('staging', {
  cluster: 'apps-cluster',
  engine: { type: 'argocd', name: 'argocd', cluster: 'ops-cluster' },
});
const shop = testApplication('shop', [testEnvironment('dev'), argocd]);
const [dev] = shop.environments;

function setup(options: { fail?: boolean } = {}) {
  const known = new KnownApplications();
  known.remember([shop]);
  const reconciled: string[] = [];
  const environments: ApplicationEnvironment[] = [];
  const { logger, lines } = captureLogger();
  const timers = new ReconcileTimers({
    known,
    reconcile: async (
      application: GitOpsApplication,
      environment: ApplicationEnvironment,
      trigger: ReconcileTrigger,
    ) => {
      reconciled.push(
        `${application.entityRef} ${environment.name} ${trigger}`,
      );
      environments.push(environment);
      if (options.fail) {
        throw new Error('cluster down');
      }
    },
    logger,
    watchDebounceMs: 100,
  });
  return { known, timers, reconciled, environments, lines };
}

const change = (
  overrides: Partial<Parameters<ReconcileTimers['handleLiveChange']>[0]> = {},
) => ({
  cluster: 'dev-cluster',
  application: applicationLabelValue(shop.entityRef),
  environment: 'dev',
  ...overrides,
});

describe('ReconcileTimers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('compares an environment once, shortly after a burst of watch events', async () => {
    const { timers, reconciled } = setup();
    timers.handleLiveChange(change());
    await jest.advanceTimersByTimeAsync(50);
    timers.handleLiveChange(change());
    expect(reconciled).toEqual([]);

    await jest.advanceTimersByTimeAsync(50);
    expect(reconciled).toEqual(['component:default/shop dev watch']);

    timers.handleLiveChange(change());
    await jest.advanceTimersByTimeAsync(100);
    expect(reconciled).toHaveLength(2);
  });

  it('ignores events of unknown applications, and of an environment in another cluster', async () => {
    const { timers, reconciled } = setup();
    timers.handleLiveChange(change({ application: 'unknown' }));
    timers.handleLiveChange(change({ cluster: 'prod-cluster' }));
    timers.handleLiveChange(change({ environment: 'production' }));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(reconciled).toEqual([]);
  });

  it("compares the environments an engine applies when that engine's object changes", async () => {
    const { timers, reconciled } = setup();
    timers.handleEngineChange('ops-cluster', 'argocd');
    timers.handleEngineChange('ops-cluster', 'flux');
    timers.handleEngineChange('dev-cluster', 'argocd');
    await jest.advanceTimersByTimeAsync(100);
    expect(reconciled).toEqual(['component:default/shop staging watch']);
  });

  it('logs a watch reconcile that failed', async () => {
    const { timers, lines } = setup({ fail: true });
    timers.handleLiveChange(change());
    await jest.advanceTimersByTimeAsync(100);
    expect(lines).toEqual([
      expect.stringContaining(
        'Reconciling component:default/shop in dev failed: Error: cluster down',
      ),
    ]);
  });

  it('retries when the back-off ends, with the application as the catalog has it now', async () => {
    const { known, timers, reconciled, environments } = setup();
    timers.scheduleRetry(shop, dev, 5_000);
    const renamed = testApplication('shop', [
      testEnvironment('dev', { namespace: 'renamed' }),
    ]);
    known.remember([renamed]);

    await jest.advanceTimersByTimeAsync(4_999);
    expect(reconciled).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(reconciled).toEqual(['component:default/shop dev schedule']);
    expect(environments).toEqual([renamed.environments[0]]);
  });

  it('keeps one retry per environment, the latest', async () => {
    const { timers, reconciled } = setup();
    timers.scheduleRetry(shop, dev, 5_000);
    timers.scheduleRetry(shop, dev, 10_000);
    await jest.advanceTimersByTimeAsync(9_999);
    expect(reconciled).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(reconciled).toHaveLength(1);
  });

  it('drops a retry of an environment the application no longer has', async () => {
    const { known, timers, reconciled } = setup();
    timers.scheduleRetry(shop, dev, 5_000);
    known.remember([testApplication('shop', [argocd])]);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(reconciled).toEqual([]);
  });

  it('does not keep a shutting-down process alive for a retry', () => {
    const { timers } = setup();
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    timers.scheduleRetry(shop, dev, 5_000);
    const timer = setTimeoutSpy.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    setTimeoutSpy.mockRestore();
  });

  it('starts nothing once stopped', async () => {
    const { timers, reconciled } = setup();
    timers.handleLiveChange(change());
    timers.scheduleRetry(shop, dev, 5_000);
    timers.stop();
    timers.handleLiveChange(change());
    timers.handleEngineChange('ops-cluster', 'argocd');
    timers.scheduleRetry(shop, dev, 5_000);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(reconciled).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
