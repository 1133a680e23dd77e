import { Typography } from '@material-ui/core';
import { Operation } from '@slipway/plugin-gitops-common';
import { describeOperation } from './describeOperation';

function actorName(actor: string): string {
  // `user:default/jane` reads as `jane`; the engine and services as they are.
  const match = /^[a-z]+:(?:[^/]+\/)?(.+)$/i.exec(actor);
  return match && actor.startsWith('user:') ? match[1] : actor;
}

/** The environment's most recent operation: what, who, when and how it ended. */
export function LastOperation(props: { operation: Operation }) {
  const { operation } = props;
  const when = new Date(operation.finishedAt ?? operation.createdAt);
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="last-operation"
    >
      Last: {describeOperation(operation)} by {actorName(operation.actor)},{' '}
      <time dateTime={when.toISOString()}>{when.toLocaleString()}</time> —{' '}
      {operation.state}
    </Typography>
  );
}
