import { Link } from '@backstage/core-components';
import {
  Box,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { HealthLabel, SyncStatusLabel } from './StatusLabels';
import { commitUrl } from './commitUrl';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  field: { marginBottom: theme.spacing(1.5) },
  version: {
    fontFamily: 'monospace',
    fontSize: '1.1rem',
    wordBreak: 'break-all',
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

/** One environment of the pipeline: what runs there and whether it matches Git. */
export function EnvironmentColumn(props: {
  environment: EnvironmentStatus;
  configRepoUrl: string;
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
        title={env.name}
        subheader={`${env.cluster}${
          env.namespace ? ` / ${env.namespace}` : ''
        }`}
      />
      <CardContent>
        <div className={classes.chips}>
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
        </Field>
        <Field label="Revision">
          {env.revision ? (
            revisionLink ? (
              <Link to={revisionLink} data-testid="revision">
                {env.revision.slice(0, 7)}
              </Link>
            ) : (
              <Typography data-testid="revision" component="code">
                {env.revision.slice(0, 7)}
              </Typography>
            )
          ) : (
            <Typography data-testid="revision">—</Typography>
          )}
        </Field>
        <Box display="flex" style={{ gap: 24 }}>
          <Field label="Sync">
            <SyncStatusLabel status={env.syncStatus} />
          </Field>
          <Field label="Health">
            <HealthLabel health={env.health} />
          </Field>
        </Box>
        {env.message && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="message"
          >
            {env.message}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}
