import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Button, Grid, Typography } from '@material-ui/core';
import {
  ANNOTATION_CONFIG_REPO,
  isGitOpsAvailable,
} from '@slipway/plugin-gitops-common';
import { EnvironmentColumn } from './EnvironmentColumn';
import { useApplicationStatus } from './useApplicationStatus';

function PipelineView() {
  const { value, loading, error, retry } = useApplicationStatus();
  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return (
      <>
        <ResponseErrorPanel error={error} />
        <Button variant="outlined" onClick={retry} style={{ marginTop: 16 }}>
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
  return (
    <>
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
        {value.environments.map(environment => (
          <Grid item xs={12} md={4} key={environment.name} role="listitem">
            <EnvironmentColumn
              environment={environment}
              configRepoUrl={value.configRepo.url}
            />
          </Grid>
        ))}
      </Grid>
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
          Every environment of this service, as Slipway last observed it.
        </SupportButton>
      </ContentHeader>
      <PipelineView />
    </Content>
  );
}
