import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { useCallback, useMemo, useState } from 'react';
import { gitopsApiRef } from '../api';
import { ChangeDialog } from './ChangeDialog';
import { DescribedCheckbox } from './DescribedCheckbox';
import { PullSyncDialog } from './PullSyncDialog';
import { SyncPreview } from './SyncPreview';

/**
 * Apply what Git declares for one environment to its cluster now: choose
 * whether to prune, preview what the cluster would do (a server-side dry
 * run), confirm. Environments Argo CD or Flux applies are synced by asking
 * the engine ({@link PullSyncDialog}).
 */
export function SyncDialog(props: {
  environment: EnvironmentStatus;
  onClose: () => void;
  onStarted: (operation: Operation) => void;
}) {
  const { environment } = props;
  if (environment.engine.type !== 'builtin') {
    return <PullSyncDialog {...props} />;
  }
  return <BuiltinSyncDialog {...props} />;
}

function BuiltinSyncDialog(props: {
  environment: EnvironmentStatus;
  onClose: () => void;
  onStarted: (operation: Operation) => void;
}) {
  const { environment } = props;
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  // The status does not say whether the environment prunes by default, so
  // the box starts unchecked and `prune` is always sent: the sync that runs
  // is the one the preview showed, never the backend's default.
  const [prune, setPrune] = useState(false);
  // Off unless asked for: taking fields over from another manager (a
  // `kubectl edit`, an autoscaler) is a decision, never a default.
  const [force, setForce] = useState(false);

  const run = useCallback(
    (dryRun: boolean) =>
      api.sync(entityRef, {
        environment: environment.name,
        prune,
        dryRun,
        ...(force ? { force: true } : {}),
      }),
    [api, entityRef, environment.name, prune, force],
  );

  return (
    <ChangeDialog
      title={`Sync ${environment.name}`}
      testId="sync-dialog"
      onClose={props.onClose}
      onStarted={props.onStarted}
      requestKey={`${prune ? 'prune' : 'keep'} ${force ? 'force' : 'no-force'}`}
      run={run}
      renderPreview={dryRun => (
        <SyncPreview dryRun={dryRun} environment={environment} prune={prune} />
      )}
      previewLabel="Preview (dry run)"
      previewHint="Preview the sync to see what the cluster would create, configure and prune before confirming."
      confirmLabel="Confirm sync"
    >
      <Typography variant="body2" gutterBottom data-testid="sync-summary-text">
        Apply what Git declares for {environment.name} to{' '}
        <code>
          {environment.cluster}
          {environment.namespace ? ` / ${environment.namespace}` : ''}
        </code>{' '}
        now
        {environment.automated &&
          ', without waiting for the next automatic sync'}
        . {environment.name} is {environment.syncStatus}
        {environment.driftCount > 0 &&
          ` with ${environment.driftCount} resource${
            environment.driftCount === 1 ? '' : 's'
          } differing from Git`}
        .
      </Typography>
      <DescribedCheckbox
        label="Prune"
        checked={prune}
        onChange={setPrune}
        testId="prune"
      >
        Delete resources Git no longer declares (listed as Extra).
      </DescribedCheckbox>
      <DescribedCheckbox
        label="Force"
        checked={force}
        onChange={setForce}
        testId="force"
      >
        Take over fields another field manager has set since the last sync — a{' '}
        <code>kubectl edit</code> (shown as kubectl-edit), a{' '}
        <code>kubectl scale</code>, another controller — and overwrite them with
        what Git declares. Without it, the sync stops at such conflicts and
        names the fields and who set them.
      </DescribedCheckbox>
    </ChangeDialog>
  );
}
