import { GitOpsConfig } from '@slipway/plugin-gitops-node';
import { createGenerateConfigAction } from './createGenerateConfigAction';

/**
 * Every Slipway scaffolder action, for portals that register actions by hand.
 *
 * @public
 */
export function createGitOpsActions(options: { config: GitOpsConfig }) {
  return [createGenerateConfigAction(options)];
}
