import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  FormEvent,
  ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { InlineError } from './InlineError';

const useStyles = makeStyles(theme => ({
  preview: {
    marginTop: theme.spacing(2),
    // Keeps the dialog from jumping while the preview loads.
    minHeight: theme.spacing(10),
  },
}));

interface PreviewState<P> {
  /** The request the preview belongs to. */
  key?: string;
  loading: boolean;
  value?: P;
  error?: unknown;
}

/**
 * The frame every change dialog shares: the inputs, a dry run that shows
 * what would change (the overlay diff of a deploy, what the cluster would do
 * in a sync), and a confirm button that is enabled only once the preview of
 * exactly the current input is shown. Confirming
 * runs the change for real; the dialog then closes and the environment
 * shows the operation's progress. Failures stay in the dialog, with the
 * backend's message.
 */
export function ChangeDialog<P>(props: {
  title: string;
  testId: string;
  onClose: () => void;
  /** Identifies the change the inputs describe; undefined while incomplete. */
  requestKey?: string;
  /** Runs the change, as a dry run or for real. */
  run: (dryRun: boolean) => Promise<{ operation: Operation } | { dryRun: P }>;
  /** Shows what the dry run found. */
  renderPreview: (preview: P) => ReactNode;
  /** The preview button's text; "Preview changes" unless told. */
  previewLabel?: string;
  /** What the preview area says before the first preview. */
  previewHint?: string;
  /** Preview as soon as the request is known (nothing to choose first). */
  autoPreview?: boolean;
  /** Checks the inputs when the user asks for a preview; false stops. */
  validate?: () => boolean;
  /** The confirm button's text, e.g. "Confirm deploy". */
  confirmLabel: string;
  onStarted: (operation: Operation) => void;
  children?: ReactNode;
}) {
  const classes = useStyles();
  const titleId = useId();
  const { requestKey, run, autoPreview, validate, onStarted, onClose } = props;
  const previewLabel = props.previewLabel ?? 'Preview changes';
  const [preview, setPreview] = useState<PreviewState<P>>({ loading: false });
  const [confirming, setConfirming] = useState(false);
  const [confirmError, setConfirmError] = useState<unknown>();
  const currentKey = useRef(requestKey);
  currentKey.current = requestKey;
  const runRef = useRef(run);
  runRef.current = run;

  const runPreview = useCallback(async () => {
    if (!requestKey) {
      return;
    }
    setPreview({ key: requestKey, loading: true });
    setConfirmError(undefined);
    try {
      const result = await runRef.current(true);
      if (currentKey.current !== requestKey) {
        return;
      }
      if (!('dryRun' in result)) {
        throw new Error('The backend answered the preview with a change');
      }
      setPreview({ key: requestKey, loading: false, value: result.dryRun });
    } catch (error) {
      if (currentKey.current === requestKey) {
        setPreview({ key: requestKey, loading: false, error });
      }
    }
  }, [requestKey]);

  // A new input makes the shown preview stale.
  useEffect(() => {
    setPreview({ loading: false });
    setConfirmError(undefined);
    if (autoPreview) {
      runPreview();
    }
  }, [autoPreview, runPreview]);

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    if (validate && !validate()) {
      return;
    }
    runPreview();
  };

  const onConfirm = async () => {
    setConfirming(true);
    setConfirmError(undefined);
    try {
      const result = await runRef.current(false);
      if (!('operation' in result)) {
        throw new Error('The backend answered the change with a dry run');
      }
      onStarted(result.operation);
      onClose();
    } catch (error) {
      setConfirmError(error);
      setConfirming(false);
    }
  };

  const shown =
    preview.key !== undefined && preview.key === requestKey
      ? preview
      : undefined;
  const ready = shown?.value !== undefined && !confirming;

  return (
    <Dialog
      open
      onClose={confirming ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <form onSubmit={onPreview} data-testid={props.testId} noValidate>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>
          {props.children}
          <Box
            className={classes.preview}
            component="section"
            aria-label="What will change"
            aria-busy={shown?.loading ?? false}
          >
            <Typography variant="subtitle2" component="h3" gutterBottom>
              What will change
            </Typography>
            {!shown && (
              <Typography variant="body2" color="textSecondary">
                {autoPreview
                  ? 'Computing the change…'
                  : props.previewHint ??
                    'Preview the change to see the diff before confirming.'}
              </Typography>
            )}
            {shown?.loading && (
              <LinearProgress aria-label="Computing the change" />
            )}
            {shown?.error !== undefined && (
              <InlineError
                error={shown.error}
                title="Cannot make this change"
                testId="preview-error"
              />
            )}
            {shown?.value !== undefined && props.renderPreview(shown.value)}
          </Box>
          {confirming && <LinearProgress aria-label="Starting the change" />}
          {confirmError !== undefined && (
            <InlineError
              error={confirmError}
              title="The change failed"
              testId="confirm-error"
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={confirming}>
            Cancel
          </Button>
          {!autoPreview && (
            <Button
              type="submit"
              variant="outlined"
              color="primary"
              disabled={confirming || shown?.loading}
              data-testid="preview"
            >
              {previewLabel}
            </Button>
          )}
          <Button
            variant="contained"
            color="primary"
            disabled={!ready}
            onClick={onConfirm}
            data-testid="confirm"
          >
            {props.confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
