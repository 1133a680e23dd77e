import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  OverridableFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAvailable } from '@slipway/plugin-gitops-common';
import { gitopsApiRef, GitOpsClient } from './api';

const gitopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
});

const deploymentsContent = EntityContentBlueprint.make({
  name: 'deployments',
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: isGitOpsAvailable,
    loader: () =>
      import('./components/DeploymentsContent').then(m => (
        <m.DeploymentsContent />
      )),
  },
});

const overviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isGitOpsAvailable,
    loader: () =>
      import('./components/GitOpsOverviewCard').then(m => (
        <m.GitOpsOverviewCard />
      )),
  },
});

/**
 * The Slipway plugin for Backstage's new frontend system: the Deployments
 * entity tab, the overview card and the API client.
 *
 * @alpha
 */
const gitopsPlugin: OverridableFrontendPlugin = createFrontendPlugin({
  pluginId: 'gitops',
  extensions: [gitopsApi, deploymentsContent, overviewCard],
});

// Declared with the general plugin type: the inferred one spells out the
// catalog's content-group union, whose order TypeScript does not keep
// stable, which made the API report change from run to run.
export default gitopsPlugin;
