import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { useCallback, useMemo } from 'react';
import { gitopsApiRef } from '../api';
import { ChangeDialog } from './ChangeDialog';
import { OverlayPreview } from './OverlayPreview';
import { InlineWarning } from './InlineWarning';

/**
 * Promote the source environment's version into the next environment: shows
 * both versions and the overlay diff, and warns (without blocking; the
 * backend blocks where the target requires it) when the source is not
 * Synced and Healthy.
 */
export function PromoteDialog(props: {
  source: EnvironmentStatus;
  target: EnvironmentStatus;
  onClose: () => void;
  onStarted: (operation: Operation) => void;
}) {
  const { source, target } = props;
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);

  const run = useCallback(
    (dryRun: boolean) =>
      api.promote(entityRef, { from: source.name, to: target.name, dryRun }),
    [api, entityRef, source.name, target.name],
  );
  const sourceReady =
    source.syncStatus === 'Synced' && source.health === 'Healthy';

  return (
    <ChangeDialog
      title={`Promote ${source.name} to ${target.name}`}
      testId="promote-dialog"
      onClose={props.onClose}
      onStarted={props.onStarted}
      requestKey={`${source.name}→${target.name}`}
      run={run}
      renderPreview={dryRun => <OverlayPreview dryRun={dryRun} />}
      autoPreview
      confirmLabel="Confirm promotion"
    >
      <Typography variant="body2" data-testid="promotion-summary">
        {source.name} runs <code>{source.version ?? 'no version'}</code>
        {source.revision && (
          <>
            {' '}
            at <code>{source.revision.slice(0, 7)}</code>
          </>
        )}
        ; {target.name} runs <code>{target.version ?? 'no version'}</code>.
      </Typography>
      {!sourceReady && (
        <InlineWarning testId="source-not-ready">
          {source.name} is {source.syncStatus} and {source.health}, not Synced
          and Healthy: the version may not work in {target.name} either.
        </InlineWarning>
      )}
    </ChangeDialog>
  );
}
