import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Button,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  LinearProgress,
  Radio,
  RadioGroup,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  EnvironmentStatus,
  HistoryEntry,
  Operation,
} from '@slipway/plugin-gitops-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { gitopsApiRef } from '../api';
import { ChangeDialog } from './ChangeDialog';
import { OverlayPreview } from './OverlayPreview';
import { InlineError } from './InlineError';

const HISTORY_PAGE = 20;

const useStyles = makeStyles(theme => ({
  list: {
    maxHeight: 280,
    overflow: 'auto',
    flexWrap: 'nowrap',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1),
    minHeight: theme.spacing(8),
  },
  entry: { alignItems: 'flex-start', marginRight: 0 },
  sha: { fontFamily: 'monospace', fontWeight: 'bold' },
  meta: { display: 'block' },
}));

function EntryLabel(props: { entry: HistoryEntry; current: boolean }) {
  const classes = useStyles();
  const { entry, current } = props;
  return (
    <span>
      <span className={classes.sha}>{entry.revision.slice(0, 7)}</span>
      {' · '}
      <code>{entry.version ?? 'no version'}</code>
      {current && ' (current)'}
      <Typography
        variant="caption"
        color="textSecondary"
        className={classes.meta}
        component="span"
      >
        {new Date(entry.date).toLocaleString()} · {entry.author.name} ·{' '}
        {entry.subject}
      </Typography>
    </span>
  );
}

/**
 * Roll an environment back: choose one of the revisions that changed its
 * overlay (the newest is what it runs, so it cannot be chosen), preview the
 * diff, confirm. The rollback is a new commit; history is never rewritten.
 */
export function RollbackDialog(props: {
  environment: EnvironmentStatus;
  onClose: () => void;
  onStarted: (operation: Operation) => void;
}) {
  const { environment } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [nextOffset, setNextOffset] = useState<number | undefined>();
  const [revision, setRevision] = useState<string>();
  const [askedWithoutChoice, setAskedWithoutChoice] = useState(false);

  const [page, loadPage] = useAsyncFn(
    async (offset: number) => {
      const result = await api.getHistory(entityRef, {
        environment: environment.name,
        limit: HISTORY_PAGE,
        offset,
      });
      setEntries(current =>
        offset === 0 ? result.items : [...current, ...result.items],
      );
      setNextOffset(result.nextOffset);
      return result;
    },
    [api, entityRef, environment.name],
    { loading: true },
  );
  useEffect(() => {
    loadPage(0);
  }, [loadPage]);

  const current = entries[0]?.revision;
  const run = useCallback(
    (dryRun: boolean) =>
      api.rollback(entityRef, {
        environment: environment.name,
        revision: revision ?? '',
        dryRun,
      }),
    [api, entityRef, environment.name, revision],
  );

  return (
    <ChangeDialog
      title={`Roll back ${environment.name}`}
      testId="rollback-dialog"
      onClose={props.onClose}
      onStarted={props.onStarted}
      requestKey={revision}
      run={run}
      renderPreview={dryRun => <OverlayPreview dryRun={dryRun} />}
      validate={() => {
        setAskedWithoutChoice(revision === undefined);
        return revision !== undefined;
      }}
      confirmLabel="Confirm rollback"
    >
      <FormControl component="fieldset" fullWidth>
        <FormLabel component="legend">
          Revision to restore {environment.name}'s overlay to
        </FormLabel>
        {page.loading && <LinearProgress aria-label="Loading history" />}
        {page.error && (
          <InlineError
            error={page.error}
            title="Could not read the history"
            testId="history-error"
          />
        )}
        {!page.loading && !page.error && entries.length === 0 && (
          <Typography variant="body2">
            {environment.name}'s overlay has no history to roll back to.
          </Typography>
        )}
        {entries.length > 0 && (
          <RadioGroup
            className={classes.list}
            name={`rollback-${environment.name}`}
            value={revision ?? ''}
            onChange={event => setRevision(event.target.value)}
            data-testid="rollback-revisions"
          >
            {entries.map(entry => (
              <FormControlLabel
                key={entry.revision}
                className={classes.entry}
                value={entry.revision}
                control={<Radio size="small" />}
                disabled={entry.revision === current}
                label={
                  <EntryLabel
                    entry={entry}
                    current={entry.revision === current}
                  />
                }
              />
            ))}
          </RadioGroup>
        )}
        {askedWithoutChoice && revision === undefined && (
          <FormHelperText error role="alert">
            Choose a revision to roll back to.
          </FormHelperText>
        )}
        {nextOffset !== undefined && (
          <Button
            size="small"
            onClick={() => loadPage(nextOffset)}
            disabled={page.loading}
          >
            Show older revisions
          </Button>
        )}
      </FormControl>
    </ChangeDialog>
  );
}
