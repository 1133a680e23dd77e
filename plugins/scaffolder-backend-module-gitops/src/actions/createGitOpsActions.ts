import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { GitOpsConfig } from '@slipway/plugin-gitops-node';
import { PluginApiClient } from '../clients/PluginApiClient';
import { createDeployAction } from './createDeployAction';
import { createGenerateConfigAction } from './createGenerateConfigAction';
import { createPublishLocalAction } from './createPublishLocalAction';

/**
 * Every Slipway scaffolder action, for portals that register actions by hand.
 *
 * @public
 */
export function createGitOpsActions(options: {
  config: GitOpsConfig;
  discovery: DiscoveryService;
  auth: AuthService;
  /** Absolute folder `gitops:publish:local` publishes into; off when undefined. */
  localPublishRoot?: string;
}) {
  const client = new PluginApiClient({
    discovery: options.discovery,
    auth: options.auth,
  });
  return [
    createGenerateConfigAction({ config: options.config }),
    createPublishLocalAction({ localPublishRoot: options.localPublishRoot }),
    createDeployAction({ client }),
  ];
}
