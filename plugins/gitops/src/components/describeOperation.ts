import { Operation } from '@slipway/plugin-gitops-common';

/** An operation in a few words, e.g. "Promote 1.4.0 from dev". */
export function describeOperation(operation: Operation): string {
  switch (operation.kind) {
    case 'deploy':
      return `Deploy ${operation.toVersion ?? ''}`.trim();
    case 'promote':
      return `Promote ${operation.toVersion ?? ''}${
        operation.sourceEnvironment
          ? ` from ${operation.sourceEnvironment}`
          : ''
      }`.replace(/\s+/g, ' ');
    case 'rollback':
      return operation.targetRevision
        ? `Roll back to ${operation.targetRevision.slice(0, 7)}`
        : 'Roll back';
    case 'sync':
      return 'Sync';
    default:
      return String(operation.kind);
  }
}
