import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { OperationState } from '@slipway/plugin-gitops-common';
import { ComponentType, PropsWithChildren } from 'react';

type IndicatorProps = PropsWithChildren<{
  'aria-hidden'?: boolean;
  'aria-label'?: string;
}>;

const INDICATORS: Record<OperationState, ComponentType<IndicatorProps>> = {
  queued: StatusPending,
  running: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
};

/** An operation's state as icon, colour and text (see StatusLabels). */
export function OperationStateLabel(props: { state: OperationState }) {
  const Indicator = INDICATORS[props.state] ?? StatusPending;
  return (
    <Indicator aria-hidden={false} aria-label={props.state}>
      {props.state}
    </Indicator>
  );
}
