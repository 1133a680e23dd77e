import { FieldDifference, ResourceStatus } from '@slipway/plugin-gitops-common';
import { formatDiff } from '../diff';

/**
 * The unified-style text of every resource that differs from Git, from the
 * stored (already masked) comparison; `no differences` when all match.
 */
export function formatEnvironmentDiff(
  resources: ReadonlyArray<ResourceStatus & { changes: FieldDifference[] }>,
): string {
  const drifted = resources.filter(
    resource => resource.syncStatus !== 'Synced',
  );
  if (drifted.length === 0) {
    return 'no differences\n';
  }
  return drifted
    .map(resource =>
      formatDiff({
        group: resource.group,
        kind: resource.kind,
        namespace: resource.namespace,
        name: resource.name,
        status: resource.syncStatus,
        changes: resource.changes,
      }),
    )
    .join('\n');
}
