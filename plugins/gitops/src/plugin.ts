import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { gitopsApiRef, GitOpsClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Slipway plugin for Backstage's legacy frontend system.
 *
 * @public
 */
export const gitopsPlugin = createPlugin({
  id: 'gitops',
  apis: [
    createApiFactory({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Deployments tab, for `EntityLayout.Route`.
 *
 * @public
 */
export const EntityGitOpsContent = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitOpsContent',
    component: () =>
      import('./components/DeploymentsContent').then(m => m.DeploymentsContent),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The overview card: every environment's version, sync status, health and
 * engine.
 *
 * @public
 */
export const EntityGitOpsCard = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitOpsCard',
    component: {
      lazy: () =>
        import('./components/GitOpsOverviewCard').then(
          m => m.GitOpsOverviewCard,
        ),
    },
  }),
);
