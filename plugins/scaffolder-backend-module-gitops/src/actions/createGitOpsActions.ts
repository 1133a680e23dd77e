import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
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
  // Declared rather than inferred: an inferred union of the three action
  // types is ordered by the compiler's type ids, which differ from one
  // build to the next, and the API report would flap.
}): TemplateAction<any, any, 'v2'>[] {
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
