import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { BranchHead } from '../git';
import { captureLogger } from '../__testUtils__';
import {
  testApplication,
  testEnvironment,
} from './__testUtils__/engineTestDoubles';
import { ReconcileOutcome } from './EnvironmentReconciler';
import { KnownApplications } from './KnownApplications';
import { PassRunner } from './PassRunner';
import { ReconcileTrigger } from './ReconcileTrigger';

const SHARED_REPO = 'https://git.example.com/acme/platform-config';

function setup(
  options: {
    applications?: GitOpsApplication[];
    invalid?: Array<{ entityRef: string; message: string }>;
    conflicts?: Record<string, string[]>;
    outcomes?: Record<string, ReconcileOutcome>;
    unreachable?: string[];
  } = {},
) {
  const applications = options.applications ?? [];
  const known = new KnownApplications();
  const asked: string[] = [];
  const reconciled: string[] = [];
  const failures: string[] = [];
  const passes: Array<{ durationMs: number; failed: number }> = [];
  const { logger, lines } = captureLogger();
  const ownership = {
    update: jest.fn(),
    conflictsOf: async (claim: { entityRef: string }) =>
      options.conflicts?.[claim.entityRef] ?? [],
  };
  const runner = new PassRunner({
    applications: {
      listApplications: async () => ({
        applications,
        invalid: options.invalid ?? [],
      }),
    },
    repositories: {
      lsRemote: async (url: string, branch?: string): Promise<BranchHead> => {
        asked.push(url);
        if (options.unreachable?.includes(url)) {
          throw new Error(`could not read ${url}`);
        }
        return { branch: branch ?? 'main', revision: `head-of-${url}` };
      },
    },
    ownership,
    known,
    reconciler: {
      reconcile: async (
        application: GitOpsApplication,
        environment: ApplicationEnvironment,
        trigger: ReconcileTrigger,
        revision?: string,
      ) => {
        const key = `${application.entityRef} ${environment.name}`;
        reconciled.push(`${key} ${trigger} ${revision}`);
        return options.outcomes?.[key] ?? 'ok';
      },
    },
    status: {
      recordFailure: async (application, environment, error) => {
        failures.push(
          `${application.entityRef} ${environment.name}: ${
            (error as Error).message
          }`,
        );
      },
    },
    logger,
    concurrency: 2,
    metrics: { recordPass: summary => passes.push(summary) },
  });
  return {
    runner,
    known,
    ownership,
    asked,
    reconciled,
    failures,
    passes,
    lines,
  };
}

describe('PassRunner', () => {
  const shop = testApplication(
    'shop',
    [testEnvironment('dev'), testEnvironment('production')],
    SHARED_REPO,
  );
  const cart = testApplication('cart', [testEnvironment('dev')], SHARED_REPO);
  const mail = testApplication('mail');

  it('reconciles every environment of every application, and sums up the pass', async () => {
    const { runner, known, ownership, reconciled, passes } = setup({
      applications: [shop, cart, mail],
      invalid: [{ entityRef: 'component:default/broken', message: 'no repo' }],
      outcomes: {
        'component:default/shop dev': 'synced',
        'component:default/mail dev': 'failed',
      },
    });
    const summary = await runner.reconcileAll();

    expect(summary).toEqual({
      applications: 3,
      environments: 4,
      synced: 1,
      failed: 1,
      invalidEntities: 1,
      durationMs: expect.any(Number),
    });
    expect(reconciled.sort()).toEqual([
      `component:default/cart dev schedule head-of-${SHARED_REPO}`,
      `component:default/mail dev schedule head-of-${mail.configRepo.url}`,
      `component:default/shop dev schedule head-of-${SHARED_REPO}`,
      `component:default/shop production schedule head-of-${SHARED_REPO}`,
    ]);
    expect(passes).toEqual([summary]);
    expect(ownership.update).toHaveBeenCalledWith([shop, cart, mail]);
    expect(known.all()).toEqual([shop, cart, mail]);
    expect(known.headOf(shop.entityRef)).toBe(`head-of-${SHARED_REPO}`);
  });

  it('asks for the head of a repository once per pass, however many applications share it', async () => {
    const { runner, asked } = setup({ applications: [shop, cart, mail] });
    await runner.reconcileAll();
    expect(asked.sort()).toEqual([mail.configRepo.url, SHARED_REPO].sort());

    await runner.reconcileAll();
    expect(asked).toHaveLength(4);
  });

  it('warns about the entities it skips', async () => {
    const { runner, lines } = setup({
      invalid: [{ entityRef: 'component:default/broken', message: 'no repo' }],
    });
    await runner.reconcileAll();
    expect(lines).toEqual([
      expect.stringMatching(
        /^warn Skipping component:default\/broken: no repo/,
      ),
    ]);
  });

  it('records every environment of an application whose repository cannot be read as failed', async () => {
    const { runner, reconciled, failures } = setup({
      applications: [shop, mail],
      unreachable: [SHARED_REPO],
    });
    const summary = await runner.reconcileAll();

    expect(summary).toMatchObject({ environments: 3, failed: 2, synced: 0 });
    expect(failures).toEqual([
      `component:default/shop dev: could not read ${SHARED_REPO}`,
      `component:default/shop production: could not read ${SHARED_REPO}`,
    ]);
    expect(reconciled).toEqual([
      `component:default/mail dev schedule head-of-${mail.configRepo.url}`,
    ]);
  });

  it('neither reads nor reconciles an application that shares its config location', async () => {
    const { runner, asked, reconciled, failures } = setup({
      conflicts: { [cart.entityRef]: [shop.entityRef] },
    });
    expect(await runner.reconcileApplication(cart, 'webhook')).toEqual({
      environments: 1,
      failed: 1,
      synced: 0,
    });
    expect(asked).toEqual([]);
    expect(reconciled).toEqual([]);
    expect(failures).toEqual([
      expect.stringMatching(
        /^component:default\/cart dev: component:default\/cart shares its config location .* with component:default\/shop/,
      ),
    ]);
  });

  it('remembers an application reconciled on its own, and passes its trigger on', async () => {
    const { runner, known, reconciled } = setup();
    await runner.reconcileApplication(mail, 'webhook');
    expect(known.get(mail.entityRef)).toBe(mail);
    expect(reconciled).toEqual([
      `component:default/mail dev webhook head-of-${mail.configRepo.url}`,
    ]);
  });
});
