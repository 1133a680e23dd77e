import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { useState } from 'react';
import { ActionButton } from './ActionButton';
import { DeployDialog } from './DeployDialog';
import { EngineActions } from './EngineActions';
import { permissionReason } from './permissionReason';
import { PromoteDialog } from './PromoteDialog';
import { RollbackDialog } from './RollbackDialog';
import { SyncDialog } from './SyncDialog';
import { DeliveryPermissions } from './useDeliveryPermissions';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
}));

type OpenDialog =
  | { kind: 'deploy' }
  | { kind: 'promote'; target: string }
  | { kind: 'rollback' }
  | { kind: 'sync' };

/**
 * The changes one environment offers: deploy a version to it, promote its
 * version into each environment that is promoted from it (the button sits
 * on the source, reading along the pipeline: "dev — Promote → staging"),
 * roll it back, apply it to its cluster now (sync), and what its Argo CD or
 * Flux offers besides (see EngineActions). Each button is disabled, with the
 * reason, when the user may not make the change or it cannot be made now.
 */
export function EnvironmentActions(props: {
  environment: EnvironmentStatus;
  /** The environments whose `promotionFrom` is this one. */
  promotionTargets: EnvironmentStatus[];
  permissions: DeliveryPermissions;
  /** Versions to suggest in the deploy dialog. */
  knownVersions: string[];
  /** Why an environment cannot take a change right now (an operation runs). */
  busyReason: (environment: string) => string | undefined;
  onStarted: (operation: Operation) => void;
  /** Called when the engine's state changed, e.g. Flux was suspended. */
  onEngineChanged: () => void;
}) {
  const classes = useStyles();
  const { environment, permissions, busyReason } = props;
  const [open, setOpen] = useState<OpenDialog>();
  const close = () => setOpen(undefined);
  // Looked up on each render, so an open dialog sees refreshed status.
  const promotionTarget =
    open?.kind === 'promote'
      ? props.promotionTargets.find(target => target.name === open.target)
      : undefined;

  const deployReason =
    permissionReason('deploy', environment, permissions) ??
    busyReason(environment.name);
  const rollbackReason =
    permissionReason('rollback', environment, permissions) ??
    busyReason(environment.name);
  const syncReason =
    permissionReason('sync', environment, permissions) ??
    busyReason(environment.name);
  const promoteReason = (target: EnvironmentStatus) => {
    if (!environment.version) {
      return `${environment.name} has no version to promote`;
    }
    return (
      permissionReason('promote', target, permissions) ??
      busyReason(target.name) ??
      (target.version === environment.version
        ? `${target.name} already runs ${environment.version}`
        : undefined)
    );
  };

  return (
    <div
      className={classes.actions}
      role="group"
      aria-label={`Actions for ${environment.name}`}
    >
      <ActionButton
        testId={`deploy-${environment.name}`}
        label={`Deploy to ${environment.name}…`}
        disabledReason={deployReason}
        onClick={() => setOpen({ kind: 'deploy' })}
      >
        Deploy…
      </ActionButton>
      {props.promotionTargets.map(target => (
        <ActionButton
          key={target.name}
          testId={`promote-${environment.name}-${target.name}`}
          label={`Promote to ${target.name}`}
          disabledReason={promoteReason(target)}
          onClick={() => setOpen({ kind: 'promote', target: target.name })}
        >
          Promote → {target.name}
        </ActionButton>
      ))}
      <ActionButton
        testId={`rollback-${environment.name}`}
        label={`Roll back ${environment.name}…`}
        disabledReason={rollbackReason}
        onClick={() => setOpen({ kind: 'rollback' })}
      >
        Roll back…
      </ActionButton>
      <ActionButton
        testId={`sync-${environment.name}`}
        label={`Sync ${environment.name}…`}
        disabledReason={syncReason}
        onClick={() => setOpen({ kind: 'sync' })}
      >
        Sync…
      </ActionButton>
      <EngineActions
        environment={environment}
        permissions={permissions}
        onChanged={props.onEngineChanged}
      />

      {open?.kind === 'deploy' && (
        <DeployDialog
          environment={environment}
          knownVersions={props.knownVersions}
          onClose={close}
          onStarted={props.onStarted}
        />
      )}
      {promotionTarget && (
        <PromoteDialog
          source={environment}
          target={promotionTarget}
          onClose={close}
          onStarted={props.onStarted}
        />
      )}
      {open?.kind === 'rollback' && (
        <RollbackDialog
          environment={environment}
          onClose={close}
          onStarted={props.onStarted}
        />
      )}
      {open?.kind === 'sync' && (
        <SyncDialog
          environment={environment}
          onClose={close}
          onStarted={props.onStarted}
        />
      )}
    </div>
  );
}
