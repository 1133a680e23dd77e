import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  configRepo,
  deploymentState,
  finishedOperation,
  getObject,
  git,
  kubectl,
  OperationJson,
  operationsOf,
} from './clusterState';

/*
 * The pull model against the real controllers: with SLIPWAY_GITOPS_ENV
 * (scripts/test.sh), the portal runs dev on Slipway's own engine, staging on
 * Argo CD and production on Flux (playwright.config.ts,
 * pullModelEnvironment.mjs). Each step is done in the Deployments tab, and
 * its outcome read where it happens: the commit in the
 * config repository, the Argo CD Application and the Flux Kustomization,
 * the Deployment the engine applied.
 */

const SERVICE = 'checkout';
const TAB = `/catalog/default/component/${SERVICE}/deployments`;
const IMAGE = `ghcr.io/slipway-demo/${SERVICE}`;
// Named by the seed's --cluster-prefix e2e- (playwright.config.ts).
const APPLICATION = `e2e-${SERVICE}-staging`;
const KUSTOMIZATION = `e2e-${SERVICE}-production`;
const STAGING_NAMESPACE = `e2e-${SERVICE}-staging`;
const PRODUCTION_NAMESPACE = `e2e-${SERVICE}-production`;
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const screenshotDir = path.join(__dirname, 'output', 'screenshots');

// One demo, changed step by step: each test builds on the previous one.
test.describe.configure({ mode: 'serial', retries: 0, timeout: 240_000 });

const required = !!process.env.SLIPWAY_REQUIRE_GITOPS_CONTROLLERS;
test.skip(
  !process.env.SLIPWAY_GITOPS_ENV && !required,
  'needs the real Argo CD and Flux controllers: SLIPWAY_GITOPS_ENV (scripts/test.sh sets it)',
);

test.beforeAll(() => {
  if (!process.env.SLIPWAY_GITOPS_ENV) {
    throw new Error(
      'SLIPWAY_REQUIRE_GITOPS_CONTROLLERS is set but SLIPWAY_GITOPS_ENV is not: the pull-model tests never skip quietly',
    );
  }
  fs.mkdirSync(screenshotDir, { recursive: true });
});

async function openAsGuest(page: Page, url: string) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

function column(page: Page, environment: string) {
  return page.getByTestId(`environment-${environment}`);
}

/** Waits until an environment shows a version, Synced and Healthy (the tab polls by itself). */
async function expectSyncedAndHealthy(
  page: Page,
  environment: string,
  version: string,
) {
  const env = column(page, environment);
  await expect(env.getByTestId('version')).toHaveText(version, {
    timeout: 120_000,
  });
  await expect(env).toContainText('Synced', { timeout: 120_000 });
  await expect(env).toContainText('Healthy', { timeout: 120_000 });
}

/** The Application's verdict on what it last synced, as Argo CD wrote it. */
function applicationState() {
  const application = getObject('application', 'argocd', APPLICATION);
  return {
    sync: application?.status?.sync?.status,
    revision: application?.status?.sync?.revision,
    health: application?.status?.health?.status,
    lastSync: application?.status?.operationState?.syncResult?.revision,
    automatedSync:
      application?.status?.operationState?.operation?.initiatedBy?.automated ??
      false,
  };
}

/** The response of a change the tab posts, e.g. `promote` (not its dry run). */
function changeResponse(page: Page, action: string) {
  return page.waitForResponse(
    response =>
      response
        .url()
        .endsWith(
          `/api/gitops/entities/component/default/${SERVICE}/${action}`,
        ) &&
      response.request().method() === 'POST' &&
      !response.request().postDataJSON()?.dryRun,
  );
}

/** The commit an operation made, checked in the config repository. */
async function committed(
  page: Page,
  response: ReturnType<typeof changeResponse>,
) {
  const answer = await response;
  expect(answer.status()).toBe(201);
  const { operation } = await answer.json();
  const done = await finishedOperation(page.request, operation.id);
  expect(done.state, done.message).toBe('succeeded');
  const revision = done.revision!;
  const repo = configRepo(SERVICE);
  // On the tracked branch, with the operation's trailer.
  git(repo, ['merge-base', '--is-ancestor', revision, 'main']);
  const message = git(repo, ['log', '-1', '--format=%B', revision]);
  expect(message).toContain(`Slipway-Operation: ${operation.id}`);
  return { revision, message, operationId: operation.id as string };
}

test('each environment is labelled with the engine that applies it', async ({
  page,
}) => {
  await openAsGuest(page, TAB);
  const engine = (environment: string) =>
    column(page, environment).getByTestId('engine');
  await expect(engine('dev')).toHaveAttribute('data-engine', 'builtin');
  await expect(engine('dev')).toHaveText('Slipway');
  await expect(engine('staging')).toHaveAttribute('data-engine', 'argocd');
  await expect(engine('staging')).toHaveText(
    `Argo CD, Application argocd/${APPLICATION}`,
  );
  await expect(engine('production')).toHaveAttribute('data-engine', 'flux');
  await expect(engine('production')).toHaveText(
    `Flux, Kustomization flux-system/${KUSTOMIZATION}`,
  );

  // The seeded versions, applied by each engine.
  await expectSyncedAndHealthy(page, 'dev', '2.4.0');
  await expectSyncedAndHealthy(page, 'staging', '2.4.0');
  await expectSyncedAndHealthy(page, 'production', '2.4.0');
  expect(deploymentState(STAGING_NAMESPACE, SERVICE)?.image).toBe(
    `${IMAGE}:2.4.0`,
  );
  expect(deploymentState(PRODUCTION_NAMESPACE, SERVICE)?.image).toBe(
    `${IMAGE}:2.4.0`,
  );
  await page
    .getByRole('list', { name: 'Environments' })
    .screenshot({ path: path.join(screenshotDir, 'pull-model-engines.png') });
});

test('promote dev to staging: Argo CD syncs the new commit and runs the new image', async ({
  page,
}) => {
  await openAsGuest(page, TAB);
  // A new version in dev first (Slipway's own engine), to promote.
  await expectSyncedAndHealthy(page, 'dev', '2.4.0');
  await page.getByRole('button', { name: 'Deploy to dev…' }).click();
  const deploy = page.getByRole('dialog', { name: 'Deploy to dev' });
  await deploy.getByRole('textbox', { name: 'Version' }).fill('2.5.0');
  await deploy.getByRole('button', { name: 'Preview changes' }).click();
  await expect(deploy.getByTestId('diff')).toContainText('newTag: "2.5.0"');
  await deploy.getByRole('button', { name: 'Confirm deploy' }).click();
  await expect(deploy).toBeHidden();
  await expectSyncedAndHealthy(page, 'dev', '2.5.0');

  const promoted = changeResponse(page, 'promote');
  await page.getByRole('button', { name: 'Promote to staging' }).click();
  const dialog = page.getByRole('dialog', { name: 'Promote dev to staging' });
  await expect(dialog.getByTestId('diff')).toContainText('newTag: "2.5.0"');
  await dialog.getByRole('button', { name: 'Confirm promotion' }).click();
  await expect(dialog).toBeHidden();

  // The commit: in the config repository, setting staging's version.
  const { revision, message } = await committed(page, promoted);
  expect(message).toContain(`Promote ${SERVICE} 2.5.0 from dev to staging`);
  expect(
    git(configRepo(SERVICE), [
      'show',
      `${revision}:envs/staging/kustomization.yaml`,
    ]),
  ).toContain('newTag: "2.5.0"');

  // Argo CD: its automated sync applied that commit, and says so.
  await expect.poll(applicationState, { timeout: 120_000 }).toEqual({
    sync: 'Synced',
    revision,
    health: 'Healthy',
    lastSync: revision,
    automatedSync: true,
  });
  // The cluster runs it.
  await expect
    .poll(() => deploymentState(STAGING_NAMESPACE, SERVICE), {
      timeout: 120_000,
    })
    .toMatchObject({ image: `${IMAGE}:2.5.0`, rolledOut: true });

  // The tab.
  await expectSyncedAndHealthy(page, 'staging', '2.5.0');
  await expect(column(page, 'staging').getByTestId('revision')).toHaveText(
    revision.slice(0, 7),
  );
});

test('roll staging back while Argo CD syncs automatically: the Deployment goes back', async ({
  page,
}) => {
  const application = getObject('application', 'argocd', APPLICATION);
  expect(application?.spec?.syncPolicy?.automated).toBeTruthy();

  await openAsGuest(page, TAB);
  await expectSyncedAndHealthy(page, 'staging', '2.5.0');
  await expect(column(page, 'staging')).toContainText('auto-sync');
  const rolledBack = changeResponse(page, 'rollback');
  await page.getByRole('button', { name: 'Roll back staging…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back staging' });
  await dialog
    .getByRole('radio', { name: / 2\.4\.0 / })
    .first()
    .check();
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  await expect(dialog.getByTestId('diff')).toContainText('newTag: "2.4.0"');
  await dialog.getByRole('button', { name: 'Confirm rollback' }).click();
  await expect(dialog).toBeHidden();

  const { revision, message } = await committed(page, rolledBack);
  expect(message).toMatch(
    new RegExp(`^Roll back ${SERVICE} in staging to [0-9a-f]{7}`),
  );
  expect(
    git(configRepo(SERVICE), [
      'show',
      `${revision}:envs/staging/kustomization.yaml`,
    ]),
  ).toContain('newTag: "2.4.0"');

  await expect.poll(applicationState, { timeout: 120_000 }).toEqual({
    sync: 'Synced',
    revision,
    health: 'Healthy',
    lastSync: revision,
    automatedSync: true,
  });
  await expect
    .poll(() => deploymentState(STAGING_NAMESPACE, SERVICE), {
      timeout: 120_000,
    })
    .toMatchObject({ image: `${IMAGE}:2.4.0`, rolledOut: true });

  await expectSyncedAndHealthy(page, 'staging', '2.4.0');
  await expect(column(page, 'staging').getByTestId('revision')).toHaveText(
    revision.slice(0, 7),
  );
});

test('drift in production (Flux) shows in the tab without asking Flux for anything', async ({
  page,
}) => {
  await openAsGuest(page, TAB);
  const production = column(page, 'production');
  await expectSyncedAndHealthy(page, 'production', '2.4.0');
  await expect(production.getByTestId('drift-count')).toHaveText('0 resources');
  expect(deploymentState(PRODUCTION_NAMESPACE, SERVICE)).toMatchObject({
    replicas: 3,
    rolledOut: true,
  });

  // Someone scales production by hand; Git says 3 replicas.
  kubectl([
    'scale',
    `deployment/${SERVICE}`,
    '-n',
    PRODUCTION_NAMESPACE,
    '--replicas=1',
  ]);

  // Slipway reads what Flux applied live on its next pass (every 5 s in the
  // e2e config) and compares it with Git; Flux itself reports nothing of it.
  await expect(production).toContainText('OutOfSync', { timeout: 60_000 });
  await expect(production.getByTestId('drift-count')).toHaveText('1 resource');
  await expect(production.getByTestId('message')).toContainText(
    'drifted from Git since Flux applied them',
  );
  // Reading did not heal it (the e2e Kustomizations apply again only when
  // Git changes, asked, or hourly): what the tab shows is what runs.
  expect(deploymentState(PRODUCTION_NAMESPACE, SERVICE)?.replicas).toBe(1);
  await page.screenshot({
    path: path.join(screenshotDir, 'pull-model-drift.png'),
    fullPage: true,
  });
});

/**
 * What a sync of production asked at `asked` leaves behind: the recorded
 * operation with Flux's answer, the Kustomization having handled Slipway's
 * request, Git applied again (the drift healed) and the tab saying so.
 */
async function expectFluxReconciled(page: Page, asked: number) {
  let operation: OperationJson | undefined;
  await expect
    .poll(
      async () => {
        operation = (await operationsOf(page.request, SERVICE, 'production'))
          .filter(o => o.kind === 'sync')
          .find(o => Date.parse(o.createdAt) >= asked - 5_000);
        return operation?.state;
      },
      { timeout: 150_000 },
    )
    .toBe('succeeded');
  expect(operation!.message).toMatch(
    new RegExp(
      `^Flux reconciled Kustomization flux-system/${KUSTOMIZATION} at [0-9a-f]{7}`,
    ),
  );

  // Slipway asks as `flux reconcile` does, by the requestedAt annotation,
  // and Flux hands the token back once it has reconciled.
  await expect
    .poll(
      () => {
        const kustomization = getObject(
          'kustomization',
          'flux-system',
          KUSTOMIZATION,
        );
        const requestedAt =
          kustomization?.metadata?.annotations?.[REQUESTED_AT];
        return {
          requestedSinceAsked: Date.parse(requestedAt) >= asked - 5_000,
          handled:
            kustomization?.status?.lastHandledReconcileAt === requestedAt,
        };
      },
      { timeout: 60_000 },
    )
    .toEqual({ requestedSinceAsked: true, handled: true });

  // Flux applied Git again: the drift is gone, in the cluster and the tab.
  await expect
    .poll(() => deploymentState(PRODUCTION_NAMESPACE, SERVICE), {
      timeout: 120_000,
    })
    .toMatchObject({ replicas: 3, rolledOut: true });
  await page.reload();
  const production = column(page, 'production');
  await expectSyncedAndHealthy(page, 'production', '2.4.0');
  await expect(production.getByTestId('drift-count')).toHaveText(
    '0 resources',
    { timeout: 60_000 },
  );
  await expect(production.getByTestId('last-operation')).toContainText(
    'Sync by guest',
  );
}

test('sync production (Flux) from the tab: Flux reconciles, the drift is healed', async ({
  page,
}) => {
  await openAsGuest(page, TAB);
  const production = column(page, 'production');
  await expect(production).toContainText('OutOfSync');

  const asked = Date.now();
  await page.getByRole('button', { name: 'Sync production…' }).click();
  const sync = page.getByRole('dialog', { name: 'Sync production' });
  // Flux has no dry run: the sync asks Flux to reconcile, nothing more.
  const confirm = sync.getByRole('button', { name: 'Confirm sync' });
  await expect(confirm).toBeEnabled({ timeout: 10_000 });
  await confirm.click();
  // The dialog waits for Flux's outcome.
  await expect(sync).toBeHidden({ timeout: 150_000 });
  await expectFluxReconciled(page, asked);
});

test('suspend and resume production (Flux) from the tab', async ({ page }) => {
  const suspended = () =>
    getObject('kustomization', 'flux-system', KUSTOMIZATION)?.spec?.suspend ??
    false;
  expect(suspended()).toBe(false);

  await openAsGuest(page, TAB);
  const production = column(page, 'production');
  await page.getByRole('button', { name: 'Suspend production…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend production' });
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect.poll(suspended, { timeout: 30_000 }).toBe(true);
  await expect(production.getByTestId('suspended')).toHaveText('Suspended');
  await page.screenshot({
    path: path.join(screenshotDir, 'pull-model-suspended.png'),
    fullPage: true,
  });

  await page.getByRole('button', { name: 'Resume production' }).click();
  await expect.poll(suspended, { timeout: 30_000 }).toBe(false);
  await expect(production.getByTestId('suspended')).toHaveCount(0);
  await expect(
    page.getByRole('button', { name: 'Suspend production…' }),
  ).toBeVisible();
  await expectSyncedAndHealthy(page, 'production', '2.4.0');
});
