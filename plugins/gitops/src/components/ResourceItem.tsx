import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { ResourceStatus } from '@slipway/plugin-gitops-common';
import { HealthLabel, SyncStatusLabel } from './StatusLabels';

const useStyles = makeStyles(theme => ({
  item: {
    padding: theme.spacing(0.75, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  name: { fontFamily: 'monospace', wordBreak: 'break-all' },
  statuses: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  message: { display: 'block', wordBreak: 'break-word' },
}));

/** `apps/Deployment`, or `ConfigMap` for the core group. */
function kindOf(resource: ResourceStatus): string {
  return resource.group ? `${resource.group}/${resource.kind}` : resource.kind;
}

/**
 * One Kubernetes resource of an environment: its kind and name, whether it
 * matches Git, its health and, when it is not healthy, why.
 */
export function ResourceItem(props: { resource: ResourceStatus }) {
  const classes = useStyles();
  const { resource } = props;
  const name = resource.namespace
    ? `${resource.namespace}/${resource.name}`
    : resource.name;
  return (
    <li
      className={classes.item}
      data-testid={`resource-${resource.kind}-${resource.name}`}
    >
      <Typography variant="body2">
        {kindOf(resource)} <span className={classes.name}>{name}</span>
      </Typography>
      <div className={classes.statuses}>
        <Typography variant="body2" component="span">
          Sync: <SyncStatusLabel status={resource.syncStatus} />
        </Typography>
        <Typography variant="body2" component="span">
          Health:{' '}
          {resource.health ? <HealthLabel health={resource.health} /> : '—'}
        </Typography>
      </div>
      {resource.healthMessage && (
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.message}
        >
          {resource.healthMessage}
        </Typography>
      )}
    </li>
  );
}
