import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import WarningOutlined from '@material-ui/icons/ReportProblemOutlined';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  box: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(1, 1.5),
    margin: theme.spacing(1, 0),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.warning.main}`,
  },
  icon: { color: theme.palette.warning.main },
}));

/** Something the user should weigh before confirming; it blocks nothing. */
export function InlineWarning(props: { children: ReactNode; testId?: string }) {
  const classes = useStyles();
  return (
    <div className={classes.box} data-testid={props.testId}>
      <WarningOutlined fontSize="small" className={classes.icon} aria-hidden />
      <Typography variant="body2" component="div">
        <strong>Warning: </strong>
        {props.children}
      </Typography>
    </div>
  );
}
