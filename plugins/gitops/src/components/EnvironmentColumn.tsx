import { Link } from '@backstage/core-components';
import {
  Card,
  CardActions,
  CardContent,
  CardHeader,
  Chip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { ReactNode } from 'react';
import { EngineLabel } from './EngineLabel';
import { EngineOperationStatus } from './EngineOperationStatus';
import { EnvironmentResources } from './EnvironmentResources';
import { HealthLabel, SyncStatusLabel } from './StatusLabels';
import { commitUrl } from './commitUrl';
import { httpUrl } from './httpUrl';
import { LastOperation } from './LastOperation';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  content: { flexGrow: 1 },
  // The engine label is a chip, not the icon button the slot is spaced for.
  headerAction: { alignSelf: 'center', margin: 0 },
  actions: { padding: theme.spacing(1, 2, 2) },
  pending: {
    padding: theme.spacing(1, 1.5),
    marginBottom: theme.spacing(1.5),
    borderLeft: `4px solid ${theme.palette.info.main}`,
    backgroundColor: theme.palette.action.hover,
  },
  field: { marginBottom: theme.spacing(1.5) },
  version: {
    fontFamily: 'monospace',
    fontSize: '1.1rem',
    wordBreak: 'break-all',
  },
  live: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
  statuses: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(3),
  },
  chips: {
    display: 'flex',
    gap: theme.spacing(0.5),
    flexWrap: 'wrap',
    minHeight: theme.spacing(3),
    marginBottom: theme.spacing(1),
  },
}));

function Field(props: { label: string; children: React.ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.field}>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      {props.children}
    </div>
  );
}

function Revision(props: { revision?: string; link?: string }) {
  const { revision, link } = props;
  if (!revision) {
    return <Typography data-testid="revision">—</Typography>;
  }
  if (!link) {
    return (
      <Typography data-testid="revision" component="code">
        {revision.slice(0, 7)}
      </Typography>
    );
  }
  return (
    <Link to={link} data-testid="revision">
      {revision.slice(0, 7)}
    </Link>
  );
}

function PendingPullRequest(props: { operation: Operation }) {
  const classes = useStyles();
  const { operation } = props;
  const link = httpUrl(operation.pullRequestUrl);
  return (
    <div className={classes.pending} data-testid="pending-pull-request">
      <Typography variant="body2">
        Pull request pending
        {operation.toVersion && (
          <>
            {' '}
            for <code>{operation.toVersion}</code>
          </>
        )}
        {link && (
          <>
            {': '}
            <Link to={link}>open pull request</Link>
          </>
        )}
      </Typography>
    </div>
  );
}

/**
 * One environment of the pipeline: what runs there (and what the cluster
 * runs, when that differs) and whether it matches Git, a pull request still
 * waiting to be merged, the progress of a change started here, the
 * resources, and the actions. It looks the same whichever engine applies the
 * environment; only the engine label in the header tells, plus what only a
 * pull engine reports (a suspended Flux, an Argo CD sync operation).
 */
export function EnvironmentColumn(props: {
  environment: EnvironmentStatus;
  configRepoUrl: string;
  /** The environment's latest operation, when it is an unmerged pull request. */
  pendingPullRequest?: Operation;
  /** The environment's most recent operation of any kind. */
  lastOperation?: Operation;
  /** The buttons for this environment's changes. */
  actions?: ReactNode;
  /** Shown below the status, e.g. the progress of a change. */
  children?: ReactNode;
}) {
  const { environment: env, configRepoUrl } = props;
  const classes = useStyles();
  const revisionLink = env.revision
    ? commitUrl(configRepoUrl, env.revision)
    : undefined;
  return (
    <Card
      className={classes.card}
      variant="outlined"
      data-testid={`environment-${env.name}`}
      aria-label={`Environment ${env.name}`}
      component="section"
    >
      <CardHeader
        classes={{ action: classes.headerAction }}
        action={<EngineLabel engine={env.engine} />}
        title={env.name}
        subheader={`${env.cluster}${
          env.namespace ? ` / ${env.namespace}` : ''
        }`}
      />
      <CardContent className={classes.content}>
        <div className={classes.chips}>
          {env.engine.suspended && (
            <Chip size="small" label="Suspended" data-testid="suspended" />
          )}
          {env.protected && <Chip size="small" label="protected" />}
          {env.automated && <Chip size="small" label="auto-sync" />}
          {env.changes === 'pull-request' && (
            <Chip size="small" label="via pull request" />
          )}
        </div>
        <Field label="Version">
          <Typography className={classes.version} data-testid="version">
            {env.version ?? '—'}
          </Typography>
          {env.liveVersion && env.liveVersion !== env.version && (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="live-version"
            >
              live <span className={classes.live}>{env.liveVersion}</span>
            </Typography>
          )}
        </Field>
        <Field label="Revision">
          <Revision revision={env.revision} link={revisionLink} />
        </Field>
        <div className={classes.statuses}>
          <Field label="Sync">
            <SyncStatusLabel status={env.syncStatus} />
          </Field>
          <Field label="Health">
            <HealthLabel health={env.health} />
          </Field>
          <Field label="Drift">
            <Typography data-testid="drift-count">
              {env.syncStatus === 'Unknown' && env.driftCount === 0
                ? '—'
                : `${env.driftCount} resource${
                    env.driftCount === 1 ? '' : 's'
                  }`}
            </Typography>
          </Field>
        </div>
        {env.engine.operation && (
          <Field label="Sync operation">
            <EngineOperationStatus operation={env.engine.operation} />
          </Field>
        )}
        {env.message && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="message"
          >
            {env.message}
          </Typography>
        )}
        {props.lastOperation && (
          <LastOperation operation={props.lastOperation} />
        )}
        {props.pendingPullRequest && (
          <PendingPullRequest operation={props.pendingPullRequest} />
        )}
        {props.children}
        <EnvironmentResources environment={env} />
      </CardContent>
      {props.actions && (
        <CardActions className={classes.actions}>{props.actions}</CardActions>
      )}
    </Card>
  );
}
