import { defineConfig } from '@playwright/test';
import { randomUUID } from 'node:crypto';

/**
 * End-to-end tests against the running demo portal in Chromium.
 *
 * Locally, Playwright starts the portal (`backstage-cli repo start` with the e2e config,
 * which points the demo at a fresh copy of its data under .demo-e2e/) unless
 * one already runs. Set PLAYWRIGHT_URL to test a portal started elsewhere.
 * The browser is the machine's Chromium (SLIPWAY_CHROMIUM or /usr/bin/chromium):
 * Playwright's own browser download needs network access this project does
 * not assume.
 */
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';

/**
 * A config file layered last, such as the one the repository's test command
 * writes to put the demo's clusters on the real control plane from
 * scripts/kube.sh instead of the embedded simulator.
 */
const clusterConfig = process.env.SLIPWAY_E2E_CLUSTER_CONFIG
  ? ` --config ${process.env.SLIPWAY_E2E_CLUSTER_CONFIG}`
  : '';

/**
 * With the real Argo CD and Flux controllers (SLIPWAY_GITOPS_ENV, as the
 * repository's test command sets it), the portal runs the pull model like
 * `start.sh --pull-model`: staging on Argo CD, production on Flux, dev on
 * Slipway's own engine (e2e-tests/pullModelEnvironment.mjs serves the e2e
 * repositories and creates the Applications and Kustomizations; its config
 * is layered last). Every spec then runs on those engines.
 */
const pullModel = !!process.env.SLIPWAY_GITOPS_ENV;
// Marks what this run starts, so its teardown never stops a portal's pull
// model that another run (or a person) started and this one only reuses.
process.env.SLIPWAY_E2E_RUN_ID ??= randomUUID();
if (pullModel && !process.env.PLAYWRIGHT_URL && !clusterConfig) {
  throw new Error(
    'SLIPWAY_GITOPS_ENV needs SLIPWAY_E2E_CLUSTER_CONFIG: the controllers watch a real control plane, so the portal must deploy there too (scripts/kube.sh app-config)',
  );
}

const portalCommand = [
  // What a killed pull-model run left behind (before the seed wipes its
  // pid file); a no-op otherwise.
  'node e2e-tests/pullModelEnvironment.mjs stop',
  // Namespaces and engine objects start with e2e-, so a run can share a
  // cluster with a demo.
  'node scripts/seed-demo.mjs --reset --dir .demo-e2e --cluster-prefix e2e-',
  ...(pullModel ? ['node e2e-tests/pullModelEnvironment.mjs start'] : []),
  `yarn backstage-cli repo start --config ../../app-config.yaml --config ../../e2e-tests/app-config.e2e.yaml${clusterConfig}${
    pullModel ? ' --config ../../.demo-e2e/app-config.pull-model.yaml' : ''
  }`,
].join(' && ');

export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-tests/output/report' }],
  ],
  outputDir: 'e2e-tests/output/results',
  // Ends the pull model's Git server and deletes its Argo CD and Flux objects.
  globalTeardown: './e2e-tests/globalTeardown.ts',
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: portalCommand,
          url: 'http://localhost:7007/api/gitops/health',
          reuseExistingServer: !process.env.CI,
          timeout: 240_000,
          // The portal logs every request; keep the test output to the tests.
          stdout: 'ignore',
        },
        {
          command: 'true',
          url: baseURL,
          reuseExistingServer: true,
          timeout: 240_000,
        },
      ],
  use: {
    baseURL,
    actionTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.SLIPWAY_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
