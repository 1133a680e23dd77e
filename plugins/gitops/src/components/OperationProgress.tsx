import { Link } from '@backstage/core-components';
import { Button, CircularProgress, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import RadioButtonUnchecked from '@material-ui/icons/RadioButtonUnchecked';
import { EnvironmentStatus, Operation } from '@slipway/plugin-gitops-common';
import { describeOperation } from './describeOperation';
import {
  operationProgress,
  ProgressStep,
  StepState,
} from './operationProgress';
import { VisuallyHidden } from './VisuallyHidden';

const useStyles = makeStyles(theme => ({
  box: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 1.5),
    marginTop: theme.spacing(1),
  },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  steps: { listStyle: 'none', margin: theme.spacing(0.5, 0), padding: 0 },
  step: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(0.25, 0),
  },
  icon: { width: 18, height: 18, flexShrink: 0, marginTop: 2 },
  done: { color: theme.palette.success.main },
  failed: { color: theme.palette.error.main },
  waiting: { color: theme.palette.text.disabled },
  detail: { display: 'block', wordBreak: 'break-word' },
}));

const STATE_WORDS: Record<StepState, string> = {
  done: 'done',
  active: 'in progress',
  waiting: 'waiting',
  failed: 'failed',
};

function StepIcon(props: { state: StepState }) {
  const classes = useStyles();
  switch (props.state) {
    case 'done':
      return (
        <CheckCircle
          className={`${classes.icon} ${classes.done}`}
          aria-hidden
        />
      );
    case 'failed':
      return (
        <ErrorIcon
          className={`${classes.icon} ${classes.failed}`}
          aria-hidden
        />
      );
    case 'active':
      return (
        <span className={classes.icon} aria-hidden>
          <CircularProgress size={16} thickness={5} />
        </span>
      );
    default:
      return (
        <RadioButtonUnchecked
          className={`${classes.icon} ${classes.waiting}`}
          aria-hidden
        />
      );
  }
}

function Step(props: { step: ProgressStep }) {
  const classes = useStyles();
  const { step } = props;
  return (
    <li
      className={classes.step}
      data-testid={`step-${step.id}`}
      data-state={step.state}
    >
      <StepIcon state={step.state} />
      <Typography variant="body2" component="span">
        {step.label}
        <VisuallyHidden> ({STATE_WORDS[step.state]})</VisuallyHidden>
        {step.link && (
          <>
            {': '}
            <Link to={step.link.href}>{step.link.text}</Link>
          </>
        )}
        {step.detail && (
          <Typography
            variant="caption"
            color={step.state === 'failed' ? 'error' : 'textSecondary'}
            className={classes.detail}
            component="span"
          >
            {step.detail}
          </Typography>
        )}
      </Typography>
    </li>
  );
}

/**
 * The live progress of an operation started from the tab: queued → commit
 * pushed or pull request opened → (merged) → synced → healthy, or the
 * failure with its message. The polling in the tab keeps it current.
 */
export function OperationProgress(props: {
  operation: Operation;
  environment: EnvironmentStatus;
  configRepoUrl: string;
  onDismiss: () => void;
}) {
  const classes = useStyles();
  const { operation, environment } = props;
  const { steps, phase } = operationProgress(
    operation,
    environment,
    props.configRepoUrl,
  );
  const title = describeOperation(operation);
  let summary: string;
  switch (phase) {
    case 'done':
      summary = `${environment.name} runs it, Synced and Healthy.`;
      break;
    case 'failed':
      summary = `Failed: ${operation.message ?? 'no reason recorded'}`;
      break;
    case 'awaiting-merge':
      summary = 'Waiting for the pull request to be merged.';
      break;
    default:
      summary = `In progress: ${
        steps.find(step => step.state === 'active')?.label ?? 'starting'
      }.`;
  }
  return (
    <section
      className={classes.box}
      aria-label={`Progress of ${title} in ${environment.name}`}
      data-testid="operation-progress"
      data-phase={phase}
    >
      <div className={classes.header}>
        <Typography variant="subtitle2" component="h3">
          {title}
        </Typography>
        <Button size="small" onClick={props.onDismiss}>
          Dismiss
        </Button>
      </div>
      <ol className={classes.steps}>
        {steps.map(step => (
          <Step key={step.id} step={step} />
        ))}
      </ol>
      <Typography
        variant="body2"
        color={phase === 'failed' ? 'error' : 'textSecondary'}
        aria-live="polite"
        data-testid="progress-summary"
      >
        {summary}
      </Typography>
    </section>
  );
}
