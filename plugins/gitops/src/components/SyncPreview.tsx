import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { SyncDryRun, SyncedResource } from '../api';
import { InlineWarning } from './InlineWarning';

const useStyles = makeStyles(theme => ({
  summary: { marginBottom: theme.spacing(1) },
  group: { marginBottom: theme.spacing(1) },
  list: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
  },
  id: { fontFamily: 'monospace', wordBreak: 'break-all' },
  errors: { color: theme.palette.error.main },
}));

/** A group of resources the preview lists, in the order it lists them. */
interface Group {
  id: string;
  title: string;
  items: SyncedResource[];
}

function countOf(items: SyncedResource[], action: string): number {
  return items.filter(item => item.action === action).length;
}

function groupsOf(dryRun: SyncDryRun): Group[] {
  const applied = (action: string) =>
    dryRun.applied.filter(item => item.action === action);
  const pruned = (action: string) =>
    dryRun.pruned.filter(item => item.action === action);
  const known = new Set(['created', 'configured', 'unchanged', 'failed']);
  return [
    { id: 'failed', title: 'Would fail', items: applied('failed') },
    { id: 'created', title: 'Would be created', items: applied('created') },
    {
      id: 'configured',
      title: 'Would be configured',
      items: applied('configured'),
    },
    { id: 'pruned', title: 'Would be pruned', items: pruned('deleted') },
    {
      id: 'prune-failed',
      title: 'Pruning would fail',
      items: pruned('failed'),
    },
    { id: 'not-pruned', title: 'Not pruned', items: pruned('skipped') },
    {
      id: 'skipped',
      title: 'Skipped',
      items: dryRun.applied.filter(item => !known.has(item.action)),
    },
    { id: 'unchanged', title: 'Unchanged', items: applied('unchanged') },
  ];
}

function ResourceGroup(props: { group: Group }) {
  const classes = useStyles();
  const { group } = props;
  return (
    <div className={classes.group} data-testid={`sync-${group.id}`}>
      <Typography variant="body2" component="h4">
        <strong>
          {group.title} ({group.items.length})
        </strong>
      </Typography>
      <ul className={classes.list} aria-label={group.title}>
        {group.items.map(item => (
          <li key={item.id}>
            <Typography variant="body2" component="span">
              <span className={classes.id}>{item.id}</span>
              {(item.error ?? item.reason) && `: ${item.error ?? item.reason}`}
            </Typography>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What a sync would do to the cluster, as its server-side dry run found:
 * counts, then the resources it would create, configure, prune or fail on,
 * and the errors that would stop it.
 */
export function SyncPreview(props: {
  dryRun: SyncDryRun;
  environment: EnvironmentStatus;
  /** Whether the previewed sync prunes. */
  prune: boolean;
}) {
  const classes = useStyles();
  const { dryRun, environment, prune } = props;
  const groups = groupsOf(dryRun).filter(group => group.items.length > 0);
  const deleted = countOf(dryRun.pruned, 'deleted');
  const extra = environment.resources.filter(
    resource => resource.syncStatus === 'Extra',
  ).length;
  const summary = [
    `${countOf(dryRun.applied, 'created')} created`,
    `${countOf(dryRun.applied, 'configured')} configured`,
    `${countOf(dryRun.applied, 'unchanged')} unchanged`,
    prune ? `${deleted} pruned` : 'no pruning',
  ].join(', ');

  return (
    <section aria-label={`Sync preview of ${environment.name}`}>
      <Typography
        variant="body2"
        className={classes.summary}
        data-testid="sync-summary"
      >
        {summary}
      </Typography>
      {prune && deleted > 0 && (
        <InlineWarning testId="prune-warning">
          the sync will delete {deleted} resource{deleted === 1 ? '' : 's'} from{' '}
          {environment.cluster}.
        </InlineWarning>
      )}
      {!prune && extra > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          gutterBottom
          data-testid="extra-kept"
        >
          {extra} resource{extra === 1 ? ' is' : 's are'} no longer declared in
          Git and will stay in the cluster; check Prune to delete{' '}
          {extra === 1 ? 'it' : 'them'}.
        </Typography>
      )}
      {dryRun.errors.length > 0 && (
        <div className={classes.group} data-testid="sync-errors">
          <Typography variant="body2" component="h4" className={classes.errors}>
            <strong>Errors ({dryRun.errors.length})</strong>
          </Typography>
          <ul
            className={`${classes.list} ${classes.errors}`}
            aria-label="Errors"
          >
            {dryRun.errors.map((error, index) => (
              // The backend may word two failures alike.
              // eslint-disable-next-line react/no-array-index-key
              <li key={index}>
                <Typography variant="body2" component="span">
                  {error}
                </Typography>
              </li>
            ))}
          </ul>
        </div>
      )}
      {groups.map(group => (
        <ResourceGroup key={group.id} group={group} />
      ))}
      {dryRun.applied.length === 0 && dryRun.pruned.length === 0 && (
        <Typography variant="body2" data-testid="sync-nothing">
          Git declares no resources for {environment.name}; the sync would apply
          nothing.
        </Typography>
      )}
    </section>
  );
}
