import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  createDemoPullRequestRouter,
  demoPullRequestHostServiceRef,
} from './demoPullRequestHost';

/**
 * Serves the demo's pull request pages at `/api/slipway-demo-pull-requests`:
 * `GET /:number` shows the change, `POST /:number/merge` merges its branch
 * into the target in the local bare repository, `POST /:number/close` closes
 * it. The pages stand in for GitHub's or GitLab's, opened from the link the
 * Deployments tab shows.
 *
 * Active only with `slipwayDemo.pullRequests.enabled: true`. For the demo and
 * the end-to-end tests only: never add it to a production backend.
 */
export default createBackendPlugin({
  pluginId: 'slipway-demo-pull-requests',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        host: demoPullRequestHostServiceRef,
      },
      async init({ httpRouter, host }) {
        if (!host.enabled) {
          return;
        }
        httpRouter.use(createDemoPullRequestRouter(host));
        // Unauthenticated in the demo only: the page is opened as a plain
        // link from the portal, without a Backstage token, and anyone using
        // the demo may merge, as a reviewer on a real host would. A real
        // portal uses GitHub or GitLab and never installs this plugin.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
