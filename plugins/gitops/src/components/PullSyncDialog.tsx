import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { useMemo, useState } from 'react';
import { gitopsApiRef } from '../api';
import { ConfirmDialog } from './ConfirmDialog';
import { DescribedCheckbox } from './DescribedCheckbox';
import { engineName, engineObject } from './describeEngine';

/**
 * Sync for an environment Argo CD or Flux applies: Slipway asks the engine
 * to sync and waits for its outcome. There is no preview — the engine offers
 * no dry run through Slipway; the environment's diff shows what differs.
 */
export function PullSyncDialog(props: {
  environment: EnvironmentStatus;
  onClose: () => void;
  onStarted: (operation: Operation) => void;
}) {
  const { environment, onStarted } = props;
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [prune, setPrune] = useState(false);
  const engine = engineName(environment.engine);
  const object = engineObject(environment.engine);
  // Flux prunes as its Kustomization says (`spec.prune`), not per sync.
  const prunable = environment.engine.type === 'argocd';

  return (
    <ConfirmDialog
      title={`Sync ${environment.name}`}
      testId="sync-dialog"
      confirmLabel="Confirm sync"
      run={async () => {
        const result = await api.sync(entityRef, {
          environment: environment.name,
          ...(prunable ? { prune } : {}),
        });
        if ('operation' in result) {
          onStarted(result.operation);
        }
      }}
      onDone={() => undefined}
      onClose={props.onClose}
    >
      <Typography variant="body2" gutterBottom data-testid="sync-summary-text">
        Ask {engine}
        {object ? ` (${object})` : ''} to sync {environment.name} now and wait
        for its outcome. {environment.name} is {environment.syncStatus}
        {environment.driftCount > 0 &&
          ` with ${environment.driftCount} resource${
            environment.driftCount === 1 ? '' : 's'
          } differing from Git`}
        .
      </Typography>
      {prunable && (
        <DescribedCheckbox
          label="Prune"
          checked={prune}
          onChange={setPrune}
          testId="prune"
        >
          Let Argo CD delete resources Git no longer declares.
        </DescribedCheckbox>
      )}
    </ConfirmDialog>
  );
}
