import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import {
  ANNOTATION_CONFIG_REPO,
  isGitOpsAvailable,
} from '@slipway/plugin-gitops-common';
import { EngineLabel } from './EngineLabel';
import { HealthLabel, SyncStatusLabel } from './StatusLabels';
import { useApplicationStatus } from './useApplicationStatus';

function EnvironmentMatrix() {
  const { value, loading, error } = useApplicationStatus();
  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table size="small" aria-label="Environments">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Sync</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>Engine</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {value?.environments.map(env => (
          <TableRow key={env.name}>
            <TableCell component="th" scope="row">
              {env.name}
            </TableCell>
            <TableCell>
              <code>{env.version ?? '—'}</code>
            </TableCell>
            <TableCell>
              <SyncStatusLabel status={env.syncStatus} />
            </TableCell>
            <TableCell>
              <HealthLabel health={env.health} />
            </TableCell>
            <TableCell>
              <EngineLabel engine={env.engine} />
              {env.engine.suspended && (
                <>
                  {' '}
                  <Chip size="small" label="Suspended" />
                </>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The compact environment matrix for an entity's Overview page: version,
 * sync status, health and engine of each environment.
 *
 * @public
 */
export function GitOpsOverviewCard() {
  const { entity } = useEntity();
  if (!isGitOpsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_CONFIG_REPO} />;
  }
  return (
    <InfoCard
      title="Deployments"
      deepLink={{ link: 'deployments', title: 'All deployments' }}
    >
      <EnvironmentMatrix />
    </InfoCard>
  );
}
