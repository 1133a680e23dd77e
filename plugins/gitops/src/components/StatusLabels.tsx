import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  HealthStatus,
  ResourceSyncStatus,
  SyncStatus,
} from '@slipway/plugin-gitops-common';
import { ComponentType, PropsWithChildren } from 'react';

// Each state has its own icon and colour *and* its name as text, so the
// status reads without relying on colour alone. Backstage's Status components
// hide themselves from assistive technology (aria-hidden) and label
// themselves by colour ("Status warning"); both are overridden so a screen
// reader hears the state's name.
export type IndicatorProps = PropsWithChildren<{
  'aria-hidden'?: boolean;
  'aria-label'?: string;
}>;

const SYNC_INDICATORS: Record<
  SyncStatus | ResourceSyncStatus,
  ComponentType<IndicatorProps>
> = {
  Synced: StatusOK,
  OutOfSync: StatusWarning,
  Unknown: StatusAborted,
  // A resource declared in Git that the cluster lacks.
  Missing: StatusWarning,
  // A resource no longer declared in Git, waiting for a prune.
  Extra: StatusPending,
};

const HEALTH_INDICATORS: Record<HealthStatus, ComponentType<IndicatorProps>> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Degraded: StatusError,
  Suspended: StatusPending,
  Missing: StatusWarning,
  Unknown: StatusAborted,
};

// Argo CD's operation phases; an unknown one (a newer Argo CD) still shows
// its name.
const OPERATION_PHASE_INDICATORS: Record<
  string,
  ComponentType<IndicatorProps>
> = {
  Running: StatusRunning,
  Terminating: StatusPending,
  Succeeded: StatusOK,
  Failed: StatusError,
  Error: StatusError,
};

/** The sync status of an environment or a resource, as icon, colour and text. */
export function SyncStatusLabel(props: {
  status: SyncStatus | ResourceSyncStatus;
}) {
  const Indicator = SYNC_INDICATORS[props.status] ?? StatusAborted;
  return (
    <Indicator aria-hidden={false} aria-label={props.status}>
      {props.status}
    </Indicator>
  );
}

/** The health of an environment, as icon, colour and text. */
export function HealthLabel(props: { health: HealthStatus }) {
  const Indicator = HEALTH_INDICATORS[props.health] ?? StatusAborted;
  return (
    <Indicator aria-hidden={false} aria-label={props.health}>
      {props.health}
    </Indicator>
  );
}

/** The phase of a sync operation Argo CD runs, as icon, colour and text. */
export function OperationPhaseLabel(props: { phase: string }) {
  const Indicator = OPERATION_PHASE_INDICATORS[props.phase] ?? StatusAborted;
  return (
    <Indicator aria-hidden={false} aria-label={props.phase}>
      {props.phase}
    </Indicator>
  );
}
