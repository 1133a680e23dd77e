import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGitOpsActions } from './actions/createGitOpsActions';

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
      },
      async init({ scaffolder, rootConfig }) {
        scaffolder.addActions(
          ...createGitOpsActions({ config: readGitOpsConfig(rootConfig) }),
        );
      },
    });
  },
});
