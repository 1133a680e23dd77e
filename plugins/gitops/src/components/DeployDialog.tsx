import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Chip, TextField, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  EnvironmentStatus,
  Operation,
  parseVersion,
} from '@slipway/plugin-gitops-common';
import { useCallback, useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../api';
import { ChangeDialog } from './ChangeDialog';
import { OverlayPreview } from './OverlayPreview';
import { errorMessage } from './errorMessage';

const MAX_SUGGESTIONS = 12;

const useStyles = makeStyles(theme => ({
  suggestions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(1),
    minHeight: theme.spacing(4),
  },
  version: { fontFamily: 'monospace' },
}));

/** Why a typed version cannot be deployed, or undefined when it can. */
function versionProblem(
  version: string,
  environment: EnvironmentStatus,
): string | undefined {
  if (!version) {
    return 'Enter a version: an image tag such as 1.4.2 or a digest such as sha256:…';
  }
  const parsed = parseVersion(version);
  if (parsed.kind === 'invalid') {
    return parsed.problem;
  }
  if (version === environment.version) {
    return `${environment.name} already runs ${version}`;
  }
  return undefined;
}

/**
 * Deploy a version to one environment: type it (validated as the backend
 * does) or pick one seen before, preview the overlay diff, confirm.
 */
export function DeployDialog(props: {
  environment: EnvironmentStatus;
  /** Versions the tab already knows (other environments, recent operations). */
  knownVersions: string[];
  onClose: () => void;
  onStarted: (operation: Operation) => void;
}) {
  const { environment, knownVersions } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [version, setVersion] = useState('');
  const [touched, setTouched] = useState(false);
  const fieldId = useId();

  const history = useAsync(
    () =>
      api.getHistory(entityRef, { environment: environment.name, limit: 50 }),
    [api, entityRef, environment.name],
  );

  const suggestions = useMemo(() => {
    const seen = new Set<string>();
    const ordered = [
      ...knownVersions,
      ...(history.value?.items.map(entry => entry.version) ?? []),
    ];
    for (const candidate of ordered) {
      if (candidate && candidate !== environment.version) {
        seen.add(candidate);
      }
    }
    return [...seen].slice(0, MAX_SUGGESTIONS);
  }, [knownVersions, history.value, environment.version]);

  const trimmed = version.trim();
  const problem = versionProblem(trimmed, environment);
  const showProblem = touched && problem !== undefined;

  const run = useCallback(
    (dryRun: boolean) =>
      api.deploy(entityRef, {
        environment: environment.name,
        version: trimmed,
        ...(environment.version !== undefined && {
          expectedVersion: environment.version,
        }),
        dryRun,
      }),
    [api, entityRef, environment.name, environment.version, trimmed],
  );

  return (
    <ChangeDialog
      title={`Deploy to ${environment.name}`}
      testId="deploy-dialog"
      onClose={props.onClose}
      onStarted={props.onStarted}
      requestKey={problem ? undefined : trimmed}
      run={run}
      renderPreview={dryRun => <OverlayPreview dryRun={dryRun} />}
      validate={() => {
        setTouched(true);
        return problem === undefined;
      }}
      confirmLabel="Confirm deploy"
    >
      <Typography variant="body2" gutterBottom>
        {environment.name} runs{' '}
        <span className={classes.version}>
          {environment.version ?? 'no version yet'}
        </span>
        {environment.image && (
          <>
            {' '}
            of <code>{environment.image}</code>
          </>
        )}
        .
      </Typography>
      <TextField
        id={fieldId}
        label="Version"
        value={version}
        onChange={event => {
          setVersion(event.target.value);
        }}
        onBlur={() => {
          if (version) {
            setTouched(true);
          }
        }}
        error={showProblem}
        helperText={
          showProblem
            ? problem
            : 'An image tag or digest. Press Enter or "Preview changes" to see the diff.'
        }
        required
        fullWidth
        variant="outlined"
        margin="dense"
        inputProps={{
          'data-testid': 'version-input',
          spellCheck: false,
          autoComplete: 'off',
        }}
      />
      <div
        className={classes.suggestions}
        role="group"
        aria-label="Versions seen before"
      >
        {suggestions.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            Seen before:
          </Typography>
        )}
        {suggestions.map(suggestion => (
          <Chip
            key={suggestion}
            size="small"
            label={suggestion}
            clickable
            aria-label={`Use version ${suggestion}`}
            onClick={() => {
              setVersion(suggestion);
              setTouched(true);
            }}
          />
        ))}
        {history.error && (
          <Typography variant="caption" color="textSecondary">
            Earlier versions of {environment.name} could not be read:{' '}
            {errorMessage(history.error)}
          </Typography>
        )}
      </div>
    </ChangeDialog>
  );
}
