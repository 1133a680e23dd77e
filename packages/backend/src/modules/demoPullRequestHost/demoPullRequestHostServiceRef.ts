import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DemoPullRequestHost } from './DemoPullRequestHost';

/**
 * One demo Git host for the whole backend: the gitops module that opens pull
 * requests and the plugin that serves their pages must share its store, so
 * it is a root service with a default factory (nothing to register).
 */
export const demoPullRequestHostServiceRef =
  createServiceRef<DemoPullRequestHost>({
    id: 'slipway-demo.pull-request-host',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => DemoPullRequestHost.fromConfig(config),
      }),
  });
