import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ANNOTATION_CONFIG_REPO } from '@slipway/plugin-gitops-common';
import { isInaccessible } from '@testing-library/dom';
import { screen, within } from '@testing-library/react';
import { GitOpsApi, gitopsApiRef } from '../api';
import { GitOpsOverviewCard } from './GitOpsOverviewCard';
import {
  makeArgoCdEngine,
  makeEntity,
  makeFluxEngine,
  makeStatus,
} from './testFixtures';

function renderCard(api: Partial<GitOpsApi>, entity = makeEntity()) {
  return renderInTestApp(
    <TestApiProvider apis={[[gitopsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <GitOpsOverviewCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('GitOpsOverviewCard', () => {
  it('shows one row per environment with version, sync status, health and engine', async () => {
    await renderCard({
      getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()),
    });
    const table = await screen.findByRole('table', { name: 'Environments' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['dev', '1.4.0', 'Synced', 'Healthy', 'Slipway'],
      ['staging', '1.3.2', 'OutOfSync', 'Progressing', 'Slipway'],
      ['production', '—', 'Unknown', 'Degraded', 'Slipway'],
    ]);
    expect(isInaccessible(within(table).getByText('Degraded'))).toBe(false);
  });

  it('names the Argo CD or Flux that applies an environment, and a suspended Flux', async () => {
    const status = makeStatus();
    status.environments[0].engine = makeArgoCdEngine();
    status.environments[1].engine = makeFluxEngine({ suspended: true });
    await renderCard({
      getApplicationStatus: jest.fn().mockResolvedValue(status),
    });
    const table = await screen.findByRole('table', { name: 'Environments' });
    const engines = within(table)
      .getAllByTestId('engine')
      .map(label => label.textContent);
    expect(engines).toEqual([
      'Argo CD, Application argocd/payments-dev',
      'Flux, Kustomization flux-system/payments-dev',
      'Slipway',
    ]);
    const [, staging, production] = within(table).getAllByRole('row').slice(1);
    expect(within(staging).getByText('Suspended')).toBeInTheDocument();
    expect(within(production).queryByText('Suspended')).toBeNull();
  });

  it('titles the card and links to the Deployments tab', async () => {
    await renderCard({
      getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()),
    });
    expect(await screen.findByText('Deployments')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All deployments/ }),
    ).toHaveAttribute('href', expect.stringMatching(/deployments$/));
  });

  it('shows progress while loading', async () => {
    await renderCard({
      getApplicationStatus: jest.fn(() => new Promise<never>(() => {})),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the error message when the backend fails', async () => {
    await renderCard({
      getApplicationStatus: jest
        .fn()
        .mockRejectedValue(new Error('status store unavailable')),
    });
    expect(
      (await screen.findAllByText(/status store unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('asks for the config-repo annotation when the entity has none', async () => {
    const api = { getApplicationStatus: jest.fn() };
    await renderCard(api, makeEntity({}));
    expect(
      screen.getAllByText(new RegExp(ANNOTATION_CONFIG_REPO)).length,
    ).toBeGreaterThan(0);
    expect(api.getApplicationStatus).not.toHaveBeenCalled();
  });
});
