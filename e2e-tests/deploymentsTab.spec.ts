import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const screenshotDir = path.join(__dirname, 'output', 'screenshots');

/** Opens a page of the portal and signs in as the demo's guest user there. */
async function openAsGuest(page: Page, url: string) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

test.beforeAll(() => {
  fs.mkdirSync(screenshotDir, { recursive: true });
});

test('the catalog lists the demo services', async ({ page }) => {
  await openAsGuest(page, '/');
  for (const name of ['payments', 'checkout', 'storefront']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
});

test("a demo service's Deployments tab shows its pipeline from the backend", async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/storefront/deployments');
  await expect(page.getByRole('list', { name: 'Environments' })).toBeVisible();

  // The engine reads the demo's config repo in the background; the seeded
  // history leaves storefront's dev at 0.9.1, staging and production at 0.9.0.
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByTestId('environment-dev').getByTestId('version'),
    ).toHaveText('0.9.1', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  const statusResponse = page.waitForResponse(
    response =>
      response
        .url()
        .includes('/api/gitops/entities/component/default/storefront/status') &&
      response.request().method() === 'GET',
  );
  await page.reload();
  const response = await statusResponse;
  expect(response.status()).toBe(200);
  const status = await response.json();

  expect(
    status.environments.map((env: { name: string; version: string }) => [
      env.name,
      env.version,
    ]),
  ).toEqual([
    ['dev', '0.9.1'],
    ['staging', '0.9.0'],
    ['production', '0.9.0'],
  ]);
  for (const env of status.environments) {
    const column = page.getByTestId(`environment-${env.name}`);
    await expect(column).toContainText(env.cluster);
    await expect(column.getByTestId('version')).toHaveText(env.version);
    await expect(column.getByTestId('revision')).toHaveText(
      env.revision.slice(0, 7),
    );
    await expect(column).toContainText(env.syncStatus);
    await expect(column).toContainText(env.health);
  }
  await expect(page.getByTestId('environment-production')).toContainText(
    'via pull request',
  );
  await page.screenshot({
    path: path.join(screenshotDir, 'storefront-deployments-tab.png'),
    fullPage: true,
  });
});

test('an entity without the annotation offers the YAML to add', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/slipway-plugin-gitops');
  await expect(page.getByText('slipway-plugin-gitops').first()).toBeVisible();
  // The tab only appears for entities with a config repo.
  await expect(
    page.getByRole('link', { name: 'Overview', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Deployments', exact: true }),
  ).toHaveCount(0);
});
