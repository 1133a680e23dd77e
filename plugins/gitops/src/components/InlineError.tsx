import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import { errorMessage } from './errorMessage';

const useStyles = makeStyles(theme => ({
  box: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(1, 1.5),
    margin: theme.spacing(1, 0),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.error.main}`,
    color: theme.palette.error.main,
  },
  text: { wordBreak: 'break-word' },
}));

/** A failed request's message, announced to assistive technology. */
export function InlineError(props: {
  error: unknown;
  /** What failed, e.g. "Could not preview". */
  title?: string;
  testId?: string;
}) {
  const classes = useStyles();
  return (
    <div className={classes.box} role="alert" data-testid={props.testId}>
      <ErrorOutline fontSize="small" aria-hidden />
      <Typography variant="body2" className={classes.text} color="inherit">
        {props.title && <strong>{props.title}: </strong>}
        {errorMessage(props.error)}
      </Typography>
    </div>
  );
}
