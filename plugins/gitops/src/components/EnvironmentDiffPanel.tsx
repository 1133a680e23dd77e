import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Button, LinearProgress } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import { EnvironmentDiff } from '@slipway/plugin-gitops-common';
import { useId, useMemo, useState } from 'react';
import { gitopsApiRef } from '../api';
import { DiffViewer } from './DiffViewer';
import { InlineError } from './InlineError';

const useStyles = makeStyles(theme => ({
  panel: { marginTop: theme.spacing(1) },
}));

interface DiffState {
  loading: boolean;
  value?: EnvironmentDiff;
  error?: unknown;
}

/**
 * Desired against live for one environment, field by field, with Secret
 * values masked by the backend. Read only when first opened, since the tab
 * already shows each resource's status.
 */
export function EnvironmentDiffPanel(props: { environment: string }) {
  const { environment } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [open, setOpen] = useState(false);
  const [diff, setDiff] = useState<DiffState>({ loading: false });
  const panelId = useId();

  const load = async () => {
    setDiff({ loading: true });
    try {
      setDiff({
        loading: false,
        value: await api.getDiff(entityRef, environment),
      });
    } catch (error) {
      setDiff({ loading: false, error });
    }
  };

  const toggle = () => {
    if (!open && !diff.value && !diff.loading) {
      load();
    }
    setOpen(!open);
  };

  const drifted = diff.value?.resources.some(
    resource => resource.syncStatus !== 'Synced',
  );

  return (
    <>
      <Button
        size="small"
        onClick={toggle}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Show diff of ${environment}`}
        data-testid={`show-diff-${environment}`}
        endIcon={open ? <ExpandLess /> : <ExpandMore />}
      >
        Show diff
      </Button>
      <div
        id={panelId}
        className={classes.panel}
        hidden={!open}
        aria-busy={diff.loading}
      >
        {diff.loading && (
          <LinearProgress aria-label={`Reading the diff of ${environment}`} />
        )}
        {diff.error !== undefined && (
          <>
            <InlineError
              error={diff.error}
              title="Could not read the diff"
              testId="diff-error"
            />
            <Button size="small" variant="outlined" onClick={load}>
              Retry
            </Button>
          </>
        )}
        {diff.value && (
          <DiffViewer
            diff={drifted ? { files: [], patch: diff.value.text } : undefined}
            label={`Diff of ${environment}, live against Git`}
            emptyText="Git and the cluster agree: no differences."
          />
        )}
      </div>
    </>
  );
}
