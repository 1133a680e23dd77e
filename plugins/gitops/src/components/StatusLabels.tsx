import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { HealthStatus, SyncStatus } from '@slipway/plugin-gitops-common';
import { ComponentType, PropsWithChildren } from 'react';

// Each state has its own icon and colour *and* its name as text, so the
// status reads without relying on colour alone.
const SYNC_INDICATORS: Record<
  SyncStatus,
  ComponentType<PropsWithChildren<{}>>
> = {
  Synced: StatusOK,
  OutOfSync: StatusWarning,
  Unknown: StatusAborted,
};

const HEALTH_INDICATORS: Record<
  HealthStatus,
  ComponentType<PropsWithChildren<{}>>
> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Degraded: StatusError,
  Suspended: StatusPending,
  Missing: StatusWarning,
  Unknown: StatusAborted,
};

/** The sync status of an environment, as icon, colour and text. */
export function SyncStatusLabel(props: { status: SyncStatus }) {
  const Indicator = SYNC_INDICATORS[props.status] ?? StatusAborted;
  return <Indicator>{props.status}</Indicator>;
}

/** The health of an environment, as icon, colour and text. */
export function HealthLabel(props: { health: HealthStatus }) {
  const Indicator = HEALTH_INDICATORS[props.health] ?? StatusAborted;
  return <Indicator>{props.health}</Indicator>;
}
