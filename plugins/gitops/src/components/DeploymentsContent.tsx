import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Button, Grid, Typography } from '@material-ui/core';
import {
  ANNOTATION_CONFIG_REPO,
  isGitOpsAvailable,
  Operation,
} from '@slipway/plugin-gitops-common';
import { EnvironmentActions } from './EnvironmentActions';
import { EnvironmentColumn } from './EnvironmentColumn';
import { HistoryTable } from './HistoryTable';
import { InlineError } from './InlineError';
import { OperationProgress } from './OperationProgress';
import { hasCaughtUp } from './operationProgress';
import { useDeliveryPermissions } from './useDeliveryPermissions';
import { useDeployments } from './useDeployments';

function isUnfinished(operation: Operation) {
  return operation.state === 'queued' || operation.state === 'running';
}

function PipelineView() {
  const { entity } = useEntity();
  const permissions = useDeliveryPermissions(stringifyEntityRef(entity));
  const { status, operations, followed, follow, dismiss } = useDeployments();
  const { value, error } = status;
  if (status.loading && !value) {
    return <Progress />;
  }
  if (error && !value) {
    return (
      <>
        <ResponseErrorPanel error={error} />
        <Button
          variant="outlined"
          onClick={status.reload}
          style={{ marginTop: 16 }}
        >
          Retry
        </Button>
      </>
    );
  }
  if (!value || value.environments.length === 0) {
    return (
      <Typography>
        No environments: configure <code>gitops.environments</code> in the
        portal, or check this entity's <code>slipway.dev/environments</code>{' '}
        annotation.
      </Typography>
    );
  }
  const recent = operations.value?.items ?? [];
  const busyReason = (environment: string) => {
    const running = [...followed, ...recent].find(
      operation =>
        operation.environment === environment && isUnfinished(operation),
    );
    return running
      ? `A ${running.kind} of ${environment} is in progress`
      : undefined;
  };
  const knownVersions = [
    ...value.environments.map(environment => environment.version),
    ...recent.flatMap(operation => [
      operation.toVersion,
      operation.fromVersion,
    ]),
  ].filter((version): version is string => Boolean(version));

  return (
    <>
      {error && (
        <InlineError
          error={error}
          title="Could not refresh; showing the last status read"
          testId="refresh-error"
        />
      )}
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Config repository <code>{value.configRepo.url}</code>
        {value.configRepo.path !== '.' && (
          <>
            {' '}
            at <code>{value.configRepo.path}</code>
          </>
        )}
        {value.configRepo.branch && (
          <>
            {' '}
            on <code>{value.configRepo.branch}</code>
          </>
        )}
      </Typography>
      <Grid container spacing={2} role="list" aria-label="Environments">
        {value.environments.map(environment => {
          const latest = recent.find(
            operation =>
              operation.environment === environment.name &&
              operation.kind !== 'sync',
          );
          const progress = followed.find(
            operation => operation.environment === environment.name,
          );
          return (
            <Grid item xs={12} md={4} key={environment.name} role="listitem">
              <EnvironmentColumn
                environment={environment}
                configRepoUrl={value.configRepo.url}
                lastOperation={recent.find(
                  operation => operation.environment === environment.name,
                )}
                pendingPullRequest={
                  latest?.pullRequestUrl &&
                  latest.state === 'succeeded' &&
                  !hasCaughtUp(latest, environment)
                    ? latest
                    : undefined
                }
                actions={
                  <EnvironmentActions
                    environment={environment}
                    promotionTargets={value.environments.filter(
                      target => target.promotionFrom === environment.name,
                    )}
                    permissions={permissions}
                    knownVersions={knownVersions}
                    busyReason={busyReason}
                    onStarted={follow}
                    onEngineChanged={status.reload}
                  />
                }
              >
                {progress && (
                  <OperationProgress
                    operation={progress}
                    environment={environment}
                    configRepoUrl={value.configRepo.url}
                    onDismiss={() => dismiss(progress.id)}
                  />
                )}
              </EnvironmentColumn>
            </Grid>
          );
        })}
      </Grid>
      <HistoryTable
        environments={value.environments.map(environment => environment.name)}
        configRepoUrl={value.configRepo.url}
        recent={operations}
      />
    </>
  );
}

/**
 * The Deployments tab: every environment of the entity side by side.
 *
 * @public
 */
export function DeploymentsContent() {
  const { entity } = useEntity();
  if (!isGitOpsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_CONFIG_REPO} />;
  }
  return (
    <Content noPadding>
      <ContentHeader title="Deployments">
        <SupportButton>
          Every environment of this service, as Slipway last observed it, with
          deploy, promote and rollback as reviewed Git changes, a sync to apply
          Git to the cluster now, and each environment's resources and diff. The
          tab refreshes itself while it is visible.
        </SupportButton>
      </ContentHeader>
      <PipelineView />
    </Content>
  );
}
