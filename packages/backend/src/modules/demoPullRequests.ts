import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { gitopsPullRequestProvidersExtensionPoint } from '@slipway/plugin-gitops-node';
import {
  DemoPullRequestProvider,
  demoPullRequestHostServiceRef,
} from './demoPullRequestHost';

/**
 * Gives the demo portal pull requests for `changes: pull-request`
 * environments (the demo's `production`): its config repositories are local
 * bare repositories that no GitHub or GitLab integration can reach, so this
 * module adds a provider for `file://` repositories under the demo's repos
 * folder. A deploy then pushes a branch and opens a pull request whose page
 * (served by `demoPullRequestsPlugin`) has a Merge button; the engine sees
 * the merge as a new commit on `main`, as with a real host.
 *
 * Active only with `slipwayDemo.pullRequests.enabled: true`. For the demo and
 * the end-to-end tests only: never add it to a production backend.
 */
export default createBackendModule({
  pluginId: 'gitops',
  moduleId: 'demo-pull-requests',
  register(env) {
    env.registerInit({
      deps: {
        pullRequestProviders: gitopsPullRequestProvidersExtensionPoint,
        host: demoPullRequestHostServiceRef,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ pullRequestProviders, host, discovery, logger }) {
        if (!host.enabled) {
          return;
        }
        const pagesBaseUrl = await discovery.getExternalBaseUrl(
          'slipway-demo-pull-requests',
        );
        pullRequestProviders.addPullRequestProvider(
          new DemoPullRequestProvider(host, pagesBaseUrl),
        );
        logger.info(
          `Demo pull requests for local config repositories, served at ${pagesBaseUrl}`,
        );
      },
    });
  },
});
