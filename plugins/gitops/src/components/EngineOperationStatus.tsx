import { Typography } from '@material-ui/core';
import { EnvironmentEngine } from '@slipway/plugin-gitops-common';
import { OperationPhaseLabel } from './StatusLabels';

/** A sync operation that Argo CD runs (or last ran) for an environment. */
export type EngineOperation = NonNullable<EnvironmentEngine['operation']>;

/**
 * The sync operation Argo CD reports for an environment: its phase, what it
 * is doing or why it stopped, and when it started.
 */
export function EngineOperationStatus(props: { operation: EngineOperation }) {
  const { operation } = props;
  const startedAt = operation.startedAt
    ? new Date(operation.startedAt)
    : undefined;
  return (
    <div data-testid="engine-operation">
      <OperationPhaseLabel phase={operation.phase} />
      {operation.message && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="engine-operation-message"
        >
          {operation.message}
        </Typography>
      )}
      {startedAt && !Number.isNaN(startedAt.getTime()) && (
        <Typography variant="caption" color="textSecondary" component="div">
          started{' '}
          <time dateTime={startedAt.toISOString()}>
            {startedAt.toLocaleString()}
          </time>
        </Typography>
      )}
    </div>
  );
}
