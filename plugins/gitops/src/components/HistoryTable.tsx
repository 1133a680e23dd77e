import { getCompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { humanizeEntityRef, useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { Operation, Page } from '@slipway/plugin-gitops-common';
import { useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../api';
import { commitUrl } from './commitUrl';
import { describeOperation } from './describeOperation';
import { formatDuration } from './formatDuration';
import { httpUrl } from './httpUrl';
import { InlineError } from './InlineError';
import { OperationStateLabel } from './OperationStateLabel';
import { HISTORY_PAGE_SIZE } from './useDeployments';
import { Reloadable } from './useReloadable';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    margin: theme.spacing(3, 0, 1),
  },
  filter: { minWidth: 200 },
  // Room for a few rows, so loading and paging do not make the page jump.
  container: { minHeight: theme.spacing(30), position: 'relative' },
  progress: { position: 'absolute', top: 0, left: 0, right: 0 },
  mono: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  message: { display: 'block', maxWidth: 320, wordBreak: 'break-word' },
  paging: {
    display: 'flex',
    justifyContent: 'flex-end',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

function actorName(actor: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(actor), { defaultKind: 'user' });
  } catch {
    return actor;
  }
}

function ChangeLinks(props: { operation: Operation; configRepoUrl: string }) {
  const classes = useStyles();
  const { operation } = props;
  const pullRequest = httpUrl(operation.pullRequestUrl);
  const commit = operation.revision
    ? commitUrl(props.configRepoUrl, operation.revision)
    : undefined;
  if (!operation.revision && !pullRequest) {
    return <>—</>;
  }
  return (
    <Box display="flex" flexDirection="column">
      {operation.revision &&
        (commit ? (
          <Link to={commit} className={classes.mono}>
            {operation.revision.slice(0, 7)}
          </Link>
        ) : (
          <code>{operation.revision.slice(0, 7)}</code>
        ))}
      {pullRequest && <Link to={pullRequest}>pull request</Link>}
    </Box>
  );
}

function OperationRow(props: { operation: Operation; configRepoUrl: string }) {
  const classes = useStyles();
  const { operation } = props;
  const created = new Date(operation.createdAt);
  return (
    <TableRow data-testid={`operation-${operation.id}`}>
      <TableCell className={classes.nowrap}>
        <time dateTime={operation.createdAt} title={operation.createdAt}>
          {created.toLocaleString()}
        </time>
      </TableCell>
      <TableCell>{describeOperation(operation)}</TableCell>
      <TableCell>{operation.environment}</TableCell>
      <TableCell className={classes.mono}>
        {operation.fromVersion ?? '—'} → {operation.toVersion ?? '—'}
      </TableCell>
      <TableCell>{actorName(operation.actor)}</TableCell>
      <TableCell>
        <ChangeLinks
          operation={operation}
          configRepoUrl={props.configRepoUrl}
        />
      </TableCell>
      <TableCell>
        <OperationStateLabel state={operation.state} />
        {operation.state === 'failed' && operation.message && (
          <Typography
            variant="caption"
            color="error"
            className={classes.message}
            component="span"
          >
            {operation.message}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.nowrap}>
        {formatDuration(
          operation.startedAt ?? operation.createdAt,
          operation.finishedAt,
        ) ?? '—'}
      </TableCell>
    </TableRow>
  );
}

/**
 * Every recorded operation of the application, newest first, filterable by
 * environment and paged. The first, unfiltered page is the one the tab
 * already reads (and refreshes); other pages are read when asked for, and
 * read again whenever that first page changes.
 */
export function HistoryTable(props: {
  environments: string[];
  configRepoUrl: string;
  recent: Reloadable<Page<Operation>>;
}) {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const headingId = useId();
  const filterId = useId();
  const [environment, setEnvironment] = useState('');
  const [offset, setOffset] = useState(0);
  const { recent } = props;

  const isFirstPage = environment === '' && offset === 0;
  const viewKey = `${environment}@${offset}`;
  const recentKey =
    recent.value?.items.map(o => `${o.id}:${o.state}`).join(',') ?? '';
  const other = useAsync(async () => {
    if (isFirstPage) {
      return undefined;
    }
    const page = await api.listOperations(entityRef, {
      environment: environment || undefined,
      limit: HISTORY_PAGE_SIZE,
      offset,
    });
    return { key: viewKey, page };
  }, [api, entityRef, environment, offset, isFirstPage, viewKey, recentKey]);

  let page: Page<Operation> | undefined;
  let loading: boolean;
  let error: Error | undefined;
  if (isFirstPage) {
    page = recent.value;
    loading = recent.loading && !recent.value;
    error = recent.error;
  } else {
    page = other.value?.key === viewKey ? other.value.page : undefined;
    loading = other.loading;
    error = other.error;
  }

  return (
    <section aria-labelledby={headingId} data-testid="history">
      <div className={classes.toolbar}>
        <Typography variant="h6" component="h2" id={headingId}>
          History
        </Typography>
        <TextField
          id={filterId}
          select
          label="Environment"
          value={environment}
          onChange={event => {
            setEnvironment(event.target.value);
            setOffset(0);
          }}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'history-environment' }}
          className={classes.filter}
          size="small"
          variant="outlined"
        >
          <option value="">All environments</option>
          {props.environments.map(name => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </TextField>
      </div>
      {error && (
        <InlineError
          error={error}
          title="Could not read the history"
          testId="history-table-error"
        />
      )}
      <TableContainer className={classes.container}>
        {loading && (
          <LinearProgress
            className={classes.progress}
            aria-label="Loading history"
          />
        )}
        <Table size="small" aria-label="Deployment history">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Operation</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Actor</TableCell>
              <TableCell>Commit / PR</TableCell>
              <TableCell>Result</TableCell>
              <TableCell>Duration</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page?.items.map(operation => (
              <OperationRow
                key={operation.id}
                operation={operation}
                configRepoUrl={props.configRepoUrl}
              />
            ))}
            {page && page.items.length === 0 && (
              <TableRow>
                <TableCell colSpan={8}>
                  <Typography variant="body2" color="textSecondary">
                    {environment
                      ? `No operations in ${environment} yet.`
                      : 'No operations yet.'}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <nav className={classes.paging} aria-label="History pages">
        <Button
          size="small"
          disabled={offset === 0 || loading}
          onClick={() => setOffset(Math.max(0, offset - HISTORY_PAGE_SIZE))}
        >
          Newer
        </Button>
        <Typography variant="caption" color="textSecondary">
          Page {Math.floor(offset / HISTORY_PAGE_SIZE) + 1}
        </Typography>
        <Button
          size="small"
          disabled={page?.nextOffset === undefined || loading}
          onClick={() =>
            page?.nextOffset !== undefined && setOffset(page.nextOffset)
          }
        >
          Older
        </Button>
      </nav>
    </section>
  );
}
