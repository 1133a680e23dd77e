import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { DryRun } from '../api';
import { DiffViewer } from './DiffViewer';

const useStyles = makeStyles(theme => ({
  versions: {
    fontFamily: 'monospace',
    marginBottom: theme.spacing(1),
  },
}));

/**
 * The preview of a deploy, promote or rollback: the version change and the
 * diff of the environment's overlay in the config repository.
 */
export function OverlayPreview(props: { dryRun: DryRun }) {
  const classes = useStyles();
  const { dryRun } = props;
  return (
    <>
      <Typography className={classes.versions} data-testid="version-change">
        {dryRun.fromVersion ?? 'no version'} →{' '}
        {dryRun.toVersion ?? 'no version'}
      </Typography>
      <DiffViewer
        diff={dryRun.diff}
        label={`Diff of ${dryRun.environment}'s overlay`}
      />
    </>
  );
}
