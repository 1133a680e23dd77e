import { Button, Tooltip } from '@material-ui/core';
import { ReactNode, useId } from 'react';
import { VisuallyHidden } from './VisuallyHidden';

/**
 * A button that, when disabled, says why: in a tooltip for the mouse and as
 * its accessible description for everyone else.
 */
export function ActionButton(props: {
  /** Visible text. */
  children: ReactNode;
  /** Accessible name: the visible text completed with the environment. */
  label: string;
  /** Why the action is not available; the button is disabled when set. */
  disabledReason?: string;
  onClick: () => void;
  testId: string;
}) {
  const reasonId = useId();
  const { disabledReason } = props;
  const button = (
    <Button
      variant="outlined"
      size="small"
      color="primary"
      onClick={props.onClick}
      disabled={Boolean(disabledReason)}
      aria-label={props.label}
      aria-describedby={disabledReason ? reasonId : undefined}
      data-testid={props.testId}
    >
      {props.children}
    </Button>
  );
  if (!disabledReason) {
    return button;
  }
  return (
    <>
      <Tooltip title={disabledReason}>
        {/* A disabled button fires no mouse events, so the tooltip needs a wrapper. */}
        <span>{button}</span>
      </Tooltip>
      <VisuallyHidden id={reasonId}>{disabledReason}</VisuallyHidden>
    </>
  );
}
