import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGitOpsActions } from './actions/createGitOpsActions';
import { readLocalPublishRoot } from './config/readLocalPublishRoot';

/**
 * Adds Slipway's actions to the scaffolder.
 *
 * @public
 */
export const gitopsScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        rootConfig: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, rootConfig, discovery, auth }) {
        scaffolder.addActions(
          ...createGitOpsActions({
            config: readGitOpsConfig(rootConfig),
            discovery,
            auth,
            localPublishRoot: readLocalPublishRoot(rootConfig),
          }),
        );
      },
    });
  },
});
