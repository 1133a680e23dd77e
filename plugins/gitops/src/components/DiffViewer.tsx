import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { ConfigDiff } from '../api';

type LineKind = 'added' | 'removed' | 'hunk' | 'meta' | 'context';

const useStyles = makeStyles(theme => ({
  files: {
    margin: theme.spacing(0, 0, 1),
    paddingLeft: theme.spacing(2.5),
  },
  patch: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    lineHeight: 1.5,
    margin: 0,
    maxHeight: 360,
    overflow: 'auto',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
    },
  },
  line: {
    display: 'block',
    padding: theme.spacing(0, 1),
    whiteSpace: 'pre',
    minWidth: 'fit-content',
  },
  added: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(46, 160, 67, 0.25)'
        : 'rgba(46, 160, 67, 0.15)',
    color: theme.palette.type === 'dark' ? '#7ee787' : '#116329',
  },
  removed: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(248, 81, 73, 0.25)'
        : 'rgba(248, 81, 73, 0.15)',
    color: theme.palette.type === 'dark' ? '#ffa198' : '#82071e',
  },
  hunk: {
    color: theme.palette.info.main,
    backgroundColor: theme.palette.action.hover,
  },
  meta: {
    color: theme.palette.text.secondary,
    fontWeight: 'bold',
  },
  context: {},
}));

function kindOf(line: string): LineKind {
  if (
    line.startsWith('diff --git') ||
    line.startsWith('index ') ||
    line.startsWith('--- ') ||
    line.startsWith('+++ ') ||
    line.startsWith('new file mode') ||
    line.startsWith('deleted file mode') ||
    line.startsWith('similarity index') ||
    line.startsWith('rename ')
  ) {
    return 'meta';
  }
  if (line.startsWith('@@')) {
    return 'hunk';
  }
  if (line.startsWith('+')) {
    return 'added';
  }
  if (line.startsWith('-')) {
    return 'removed';
  }
  return 'context';
}

const CHANGE_WORDS: Record<string, string> = {
  added: 'added',
  modified: 'modified',
  deleted: 'deleted',
  'type-changed': 'type changed',
};

/**
 * A unified diff as `git diff` prints it: monospace, each added line green
 * and prefixed with "+", each removed line red and prefixed with "-", so the
 * change reads without colour too.
 */
export function DiffViewer(props: {
  diff?: ConfigDiff;
  label: string;
  /** What to say when there is no diff; "The overlay would not change." unless told. */
  emptyText?: string;
}) {
  const classes = useStyles();
  const { diff } = props;
  if (!diff || (!diff.patch.trim() && diff.files.length === 0)) {
    return (
      <Typography data-testid="diff-empty">
        {props.emptyText ?? 'The overlay would not change.'}
      </Typography>
    );
  }
  const lines = diff.patch.replace(/\n$/, '').split('\n');
  return (
    <>
      {diff.files.length > 0 && (
        <ul className={classes.files} aria-label="Changed files">
          {diff.files.map(file => (
            <li key={file.path}>
              <Typography variant="body2" component="span">
                <code>{file.path}</code> (
                {CHANGE_WORDS[file.change] ?? file.change})
              </Typography>
            </li>
          ))}
        </ul>
      )}
      <pre
        className={classes.patch}
        role="region"
        aria-label={props.label}
        // Focusable so a keyboard can scroll a long diff (axe rule
        // scrollable-region-focusable).
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        data-testid="diff"
      >
        {lines.map((line, index) => {
          const kind = kindOf(line);
          return (
            <code
              // Lines of a patch have no identity beyond their position.
              // eslint-disable-next-line react/no-array-index-key
              key={index}
              className={`${classes.line} ${classes[kind]}`}
              data-line={kind}
            >
              {line || ' '}
            </code>
          );
        })}
      </pre>
    </>
  );
}
