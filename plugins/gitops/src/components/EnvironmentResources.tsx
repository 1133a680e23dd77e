import { Button, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { useId, useState } from 'react';
import { EnvironmentDiffPanel } from './EnvironmentDiffPanel';
import { ResourceItem } from './ResourceItem';

const useStyles = makeStyles(theme => ({
  disclosure: { marginTop: theme.spacing(1) },
  list: { listStyle: 'none', margin: theme.spacing(0.5, 0), padding: 0 },
}));

/**
 * The Kubernetes resources of one environment, behind a disclosure so the
 * columns stay short: each with its sync status, health and message, and
 * the field-level diff against Git on request. The content stays mounted
 * when closed, so the diff is read once.
 */
export function EnvironmentResources(props: {
  environment: EnvironmentStatus;
}) {
  const { environment } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const contentId = useId();
  const { resources } = environment;

  return (
    <div className={classes.disclosure}>
      <Button
        size="small"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-controls={contentId}
        aria-label={`Show resources of ${environment.name}`}
        data-testid={`resources-${environment.name}`}
        endIcon={open ? <ExpandLess /> : <ExpandMore />}
      >
        Show resources
      </Button>
      <div id={contentId} hidden={!open}>
        {resources.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No resources of {environment.name} observed yet.
          </Typography>
        ) : (
          <ul
            className={classes.list}
            aria-label={`Resources of ${environment.name}`}
          >
            {resources.map(resource => (
              <ResourceItem
                key={[
                  resource.group,
                  resource.kind,
                  resource.namespace,
                  resource.name,
                ].join('/')}
                resource={resource}
              />
            ))}
          </ul>
        )}
        <EnvironmentDiffPanel environment={environment.name} />
      </div>
    </div>
  );
}
