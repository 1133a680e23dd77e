import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles({
  hidden: {
    border: 0,
    clip: 'rect(0 0 0 0)',
    height: 1,
    margin: -1,
    overflow: 'hidden',
    padding: 0,
    position: 'absolute',
    whiteSpace: 'nowrap',
    width: 1,
  },
});

/** Text for assistive technology only, e.g. to complete a button's name. */
export function VisuallyHidden(props: { id?: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <span id={props.id} className={classes.hidden}>
      {props.children}
    </span>
  );
}
