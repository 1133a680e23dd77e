import { Operation } from '@slipway/plugin-gitops-common';

/**
 * The branch an operation proposes its change on, for environments that
 * change through pull requests: unique per operation, and readable in the
 * host's branch list.
 */
export function pullRequestBranchOf(
  operation: Pick<Operation, 'kind' | 'environment' | 'id'>,
): string {
  return `slipway/${operation.kind}-${
    operation.environment
  }-${operation.id.slice(0, 8)}`;
}
