import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
} from '@material-ui/core';
import { ReactNode, useId, useState } from 'react';
import { InlineError } from './InlineError';

/**
 * Asks before a change that has nothing to preview, such as terminating an
 * Argo CD sync or suspending Flux: what it will do, then Cancel or confirm.
 * Confirming runs the change; the dialog closes when it succeeded and keeps
 * a failure in view with the backend's message, as the change dialogs do.
 */
export function ConfirmDialog(props: {
  title: string;
  testId: string;
  /** The confirm button's text, e.g. "Terminate sync". */
  confirmLabel: string;
  /** Makes the change. */
  run: () => Promise<void>;
  /** Called once the change succeeded, before the dialog closes. */
  onDone: () => void;
  onClose: () => void;
  /** What the change does. */
  children: ReactNode;
}) {
  const titleId = useId();
  const { run, onDone, onClose } = props;
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>();

  const onConfirm = async () => {
    setRunning(true);
    setError(undefined);
    try {
      await run();
      onDone();
      onClose();
    } catch (e) {
      setError(e);
      setRunning(false);
    }
  };

  return (
    <Dialog
      open
      onClose={running ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      data-testid={props.testId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        {running && <LinearProgress aria-label="Making the change" />}
        {error !== undefined && (
          <InlineError
            error={error}
            title="The change failed"
            testId="confirm-error"
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={running}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="primary"
          disabled={running}
          onClick={onConfirm}
          data-testid="confirm"
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
