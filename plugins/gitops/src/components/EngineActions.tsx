import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { useMemo, useState } from 'react';
import { gitopsApiRef } from '../api';
import { ActionButton } from './ActionButton';
import { ConfirmDialog } from './ConfirmDialog';
import { engineObject } from './describeEngine';
import { InlineError } from './InlineError';
import { permissionReason } from './permissionReason';
import { DeliveryPermissions } from './useDeliveryPermissions';

const useStyles = makeStyles({
  // The actions wrap in a row; an error takes a line of its own.
  fullRow: { flexBasis: '100%' },
});

/** The Argo CD phases of a sync operation that terminate can still stop. */
const TERMINABLE_PHASES = ['Running', 'Terminating'];

/**
 * What only a pull engine offers for an environment: terminate the sync
 * operation Argo CD runs, suspend or resume Flux's reconciliation. Nothing
 * for Slipway's own engine, whose syncs are Slipway operations. The buttons
 * ask for the sync permission, as the backend does, but are not held back
 * by an operation in progress: stopping one is what they are for.
 */
export function EngineActions(props: {
  environment: EnvironmentStatus;
  permissions: DeliveryPermissions;
  /** Called once a control took effect, to read the status again. */
  onChanged: () => void;
}) {
  const classes = useStyles();
  const { environment, permissions, onChanged } = props;
  const { engine, name } = environment;
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [open, setOpen] = useState<'terminate' | 'suspend'>();
  const [resuming, setResuming] = useState(false);
  const [resumeError, setResumeError] = useState<unknown>();
  const close = () => setOpen(undefined);
  const object = engineObject(engine);
  const servedBy = object ? ` (${object})` : '';

  const terminable =
    engine.type === 'argocd' &&
    engine.operation !== undefined &&
    TERMINABLE_PHASES.includes(engine.operation.phase);
  const flux = engine.type === 'flux';
  // An open dialog stays when a refresh shows the operation ended meanwhile:
  // the user sees the answer to what they asked.
  if (!terminable && !flux && open === undefined) {
    return null;
  }

  const resume = async () => {
    setResuming(true);
    setResumeError(undefined);
    try {
      await api.resume(entityRef, { environment: name });
      onChanged();
    } catch (error) {
      setResumeError(error);
    } finally {
      setResuming(false);
    }
  };

  return (
    <>
      {terminable && (
        <ActionButton
          testId={`terminate-${name}`}
          label={`Terminate the sync of ${name}…`}
          disabledReason={permissionReason(
            'terminate',
            environment,
            permissions,
          )}
          onClick={() => setOpen('terminate')}
        >
          Terminate…
        </ActionButton>
      )}
      {flux && !engine.suspended && (
        <ActionButton
          testId={`suspend-${name}`}
          label={`Suspend ${name}…`}
          disabledReason={permissionReason('suspend', environment, permissions)}
          onClick={() => setOpen('suspend')}
        >
          Suspend…
        </ActionButton>
      )}
      {flux && engine.suspended && (
        <ActionButton
          testId={`resume-${name}`}
          label={`Resume ${name}`}
          disabledReason={
            permissionReason('resume', environment, permissions) ??
            (resuming ? `Resuming ${name}…` : undefined)
          }
          onClick={resume}
        >
          Resume
        </ActionButton>
      )}
      {resumeError !== undefined && (
        <div className={classes.fullRow}>
          <InlineError
            error={resumeError}
            title={`Could not resume ${name}`}
            testId="resume-error"
          />
        </div>
      )}

      {open === 'terminate' && (
        <ConfirmDialog
          title={`Terminate the sync of ${name}`}
          testId="terminate-dialog"
          confirmLabel="Terminate sync"
          run={() => api.terminate(entityRef, { environment: name })}
          onDone={onChanged}
          onClose={close}
        >
          <Typography variant="body2" gutterBottom>
            Argo CD is syncing {name}
            {servedBy}
            {engine.operation?.message && `: ${engine.operation.message}`}.
          </Typography>
          <Typography variant="body2">
            Terminating stops the sync where it is: what it already applied
            stays in the cluster, the rest waits for the next sync.
          </Typography>
        </ConfirmDialog>
      )}
      {open === 'suspend' && (
        <ConfirmDialog
          title={`Suspend ${name}`}
          testId="suspend-dialog"
          confirmLabel="Suspend"
          run={() => api.suspend(entityRef, { environment: name })}
          onDone={onChanged}
          onClose={close}
        >
          <Typography variant="body2">
            Flux stops reconciling {name}
            {servedBy} until it is resumed: deploys, promotions and rollbacks
            still change Git, but the cluster does not follow them, and drift is
            not corrected.
          </Typography>
        </ConfirmDialog>
      )}
    </>
  );
}
