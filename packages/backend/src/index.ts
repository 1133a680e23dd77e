/*
 * The Slipway demo portal's backend: the standard Backstage plugins Slipway
 * relies on (catalog, scaffolder, auth, permissions, signals) plus the suite.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/demoPermissionPolicy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));

backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('./modules/demoKubeSimulator'));
backend.add(import('@slipway/plugin-gitops-backend'));
// Pull requests on the demo's local config repositories (demo only).
backend.add(import('./modules/demoPullRequests'));
backend.add(import('./modules/demoPullRequestsPlugin'));
backend.add(import('@slipway/plugin-scaffolder-backend-module-gitops'));

backend.start();
