import { ResponseError } from '@backstage/errors';
import { EnvironmentDiff } from '@slipway/plugin-gitops-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentsContent } from './DeploymentsContent';
import {
  makeOperation,
  makeUniqueEntity,
  mockGitOpsApi,
  permissionApiDenying,
  renderForEntity,
} from '../__testUtils__/testApi';
import { makeEntity, makeStatus } from './testFixtures';

function environment(name: string) {
  return screen.getByRole('region', { name: `Environment ${name}` });
}

async function renderTab(
  api = mockGitOpsApi(),
  permissionApi = permissionApiDenying(),
  entity = makeEntity(),
) {
  await renderForEntity(<DeploymentsContent />, api, permissionApi, entity);
  await screen.findByRole('list', { name: 'Environments' });
  return api;
}

/** Staging with drift: a changed Deployment, a missing and an extra resource. */
function driftedStatus() {
  const status = makeStatus();
  status.environments[1] = {
    ...status.environments[1],
    liveVersion: '1.3.1',
    driftCount: 3,
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'payments-staging',
        name: 'api',
        syncStatus: 'OutOfSync',
        health: 'Progressing',
        healthMessage: 'Waiting for rollout to finish: 1 of 3 updated',
      },
      {
        group: '',
        kind: 'Service',
        namespace: 'payments-staging',
        name: 'api',
        syncStatus: 'Missing',
        health: 'Missing',
      },
      {
        group: '',
        kind: 'ConfigMap',
        namespace: 'payments-staging',
        name: 'legacy',
        syncStatus: 'Extra',
      },
      {
        group: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'payments-reader',
        syncStatus: 'Synced',
        health: 'Healthy',
      },
    ],
  };
  return status;
}

const STAGING_DIFF: EnvironmentDiff = {
  environment: 'staging',
  resources: [
    {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'payments-staging',
      name: 'api',
      syncStatus: 'OutOfSync',
      health: 'Progressing',
      changes: [{ path: 'spec.replicas', desired: 3, live: 2 }],
    },
  ],
  text: [
    'apps/Deployment payments-staging/api (OutOfSync)',
    '--- live',
    '+++ desired (Git)',
    '@@ spec.replicas @@',
    '- 2',
    '+ 3',
    '',
  ].join('\n'),
};

describe('DeploymentsContent sync', () => {
  it('loads without reading any diff or syncing', async () => {
    const api = await renderTab();
    await screen.findByRole('table', { name: 'Deployment history' });
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(1);
    expect(api.listOperations).toHaveBeenCalledTimes(1);
    expect(api.getDiff).not.toHaveBeenCalled();
    expect(api.sync).not.toHaveBeenCalled();
  });

  it('offers a sync per environment', async () => {
    await renderTab();
    for (const name of ['dev', 'staging', 'production']) {
      const sync = within(environment(name)).getByRole('button', {
        name: `Sync ${name}…`,
      });
      await waitFor(() => expect(sync).toBeEnabled());
      expect(sync).toHaveAttribute('data-testid', `sync-${name}`);
      expect(sync).toHaveTextContent('Sync…');
    }
  });

  it('disables the sync without the sync permission, saying why', async () => {
    await renderTab(
      mockGitOpsApi(),
      permissionApiDenying('gitops.sync'),
      makeUniqueEntity(),
    );
    const sync = within(environment('dev')).getByRole('button', {
      name: 'Sync dev…',
    });
    await waitFor(() =>
      expect(sync).toHaveAccessibleDescription(
        'You may not sync this application: the gitops.sync permission is not granted to you',
      ),
    );
    expect(sync).toBeDisabled();
    await userEvent.hover(sync.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'the gitops.sync permission is not granted to you',
    );
    expect(
      within(environment('dev')).getByRole('button', {
        name: 'Deploy to dev…',
      }),
    ).toBeEnabled();
  });

  it('disables the sync of a protected environment without the protected permission', async () => {
    await renderTab(
      mockGitOpsApi(),
      permissionApiDenying('gitops.environment.protected'),
      makeUniqueEntity(),
    );
    const sync = within(environment('production')).getByRole('button', {
      name: 'Sync production…',
    });
    await waitFor(() =>
      expect(sync).toHaveAccessibleDescription(
        'production is protected: changing it needs the gitops.environment.protected permission, which is not granted to you',
      ),
    );
    expect(sync).toBeDisabled();
    expect(
      within(environment('staging')).getByRole('button', {
        name: 'Sync staging…',
      }),
    ).toBeEnabled();
  });

  it('disables the sync while an operation changes the environment', async () => {
    await renderTab(
      mockGitOpsApi({
        listOperations: jest.fn().mockResolvedValue({
          items: [
            makeOperation({
              state: 'running',
              revision: undefined,
              finishedAt: undefined,
            }),
          ],
        }),
      }),
    );
    const sync = within(environment('dev')).getByRole('button', {
      name: 'Sync dev…',
    });
    await waitFor(() =>
      expect(sync).toHaveAccessibleDescription(
        'A deploy of dev is in progress',
      ),
    );
    expect(sync).toBeDisabled();
  });

  it('syncs from the column after a dry run and follows the operation', async () => {
    const operation = makeOperation({
      kind: 'sync',
      environment: 'staging',
      fromVersion: undefined,
      toVersion: '1.3.2',
      revision: makeStatus().environments[1].revision,
    });
    const api = mockGitOpsApi({
      listOperations: jest
        .fn()
        .mockResolvedValueOnce({ items: [] })
        .mockResolvedValue({ items: [operation] }),
      sync: jest
        .fn()
        .mockResolvedValueOnce({
          dryRun: {
            applied: [
              {
                id: 'apps/Deployment payments-staging/api',
                action: 'configured',
              },
            ],
            pruned: [],
            errors: [],
          },
        })
        .mockResolvedValueOnce({ operation }),
    });
    await renderTab(api);

    const open = within(environment('staging')).getByRole('button', {
      name: 'Sync staging…',
    });
    await waitFor(() => expect(open).toBeEnabled());
    await userEvent.click(open);
    const dialog = screen.getByRole('dialog', { name: 'Sync staging' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(await within(dialog).findByTestId('sync-summary')).toHaveTextContent(
      '0 created, 1 configured, 0 unchanged, no pruning',
    );
    const confirm = within(dialog).getByTestId('confirm');
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.sync).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      { environment: 'staging', prune: false, dryRun: false },
    );
    const progress = await within(environment('staging')).findByRole('region', {
      name: 'Progress of Sync in staging',
    });
    expect(within(progress).getByTestId('step-committed')).toHaveTextContent(
      'Applied to the cluster (done)',
    );
    // Staging is OutOfSync in the status: the sync step waits for the engine.
    expect(within(progress).getByTestId('step-synced')).toHaveAttribute(
      'data-state',
      'active',
    );
  });

  it('shows the drift count and the version the cluster runs', async () => {
    await renderTab(
      mockGitOpsApi({
        getApplicationStatus: jest.fn().mockResolvedValue(driftedStatus()),
      }),
    );
    const staging = within(environment('staging'));
    expect(staging.getByTestId('drift-count')).toHaveTextContent('3 resources');
    expect(staging.getByTestId('live-version')).toHaveTextContent('live 1.3.1');
    const dev = within(environment('dev'));
    expect(dev.getByTestId('drift-count')).toHaveTextContent('0 resources');
    expect(dev.queryByTestId('live-version')).toBeNull();
    // Production's status is unknown: no count pretends there is no drift.
    expect(
      within(environment('production')).getByTestId('drift-count'),
    ).toHaveTextContent('—');
  });

  it('lists the resources of an environment behind a disclosure', async () => {
    await renderTab(
      mockGitOpsApi({
        getApplicationStatus: jest.fn().mockResolvedValue(driftedStatus()),
      }),
    );
    const staging = within(environment('staging'));
    const toggle = staging.getByRole('button', {
      name: 'Show resources of staging',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveAttribute('data-testid', 'resources-staging');
    expect(
      staging.queryByRole('list', { name: 'Resources of staging' }),
    ).toBeNull();

    await userEvent.click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const list = staging.getByRole('list', { name: 'Resources of staging' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent('apps/Deployment payments-staging/api');
    expect(within(items[0]).getByLabelText('OutOfSync')).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('Sync: OutOfSync');
    expect(items[0]).toHaveTextContent('Health: Progressing');
    expect(items[0]).toHaveTextContent(
      'Waiting for rollout to finish: 1 of 3 updated',
    );
    expect(items[1]).toHaveTextContent('Service payments-staging/api');
    expect(items[1]).toHaveTextContent('Sync: Missing');
    expect(items[2]).toHaveTextContent('ConfigMap payments-staging/legacy');
    expect(items[2]).toHaveTextContent('Sync: Extra');
    expect(items[2]).toHaveTextContent('Health: —');
    // A cluster-scoped resource has no namespace.
    expect(items[3]).toHaveTextContent(
      'rbac.authorization.k8s.io/ClusterRole payments-reader',
    );
    expect(items[3]).toHaveAttribute(
      'data-testid',
      'resource-ClusterRole-payments-reader',
    );

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(
      staging.queryByRole('list', { name: 'Resources of staging' }),
    ).toBeNull();
  });

  it('says when no resources were observed', async () => {
    await renderTab();
    const dev = within(environment('dev'));
    await userEvent.click(
      dev.getByRole('button', { name: 'Show resources of dev' }),
    );
    expect(
      dev.getByText('No resources of dev observed yet.'),
    ).toBeInTheDocument();
  });

  it('reads the diff once, when first shown', async () => {
    const api = await renderTab(
      mockGitOpsApi({
        getApplicationStatus: jest.fn().mockResolvedValue(driftedStatus()),
        getDiff: jest.fn().mockResolvedValue(STAGING_DIFF),
      }),
    );
    const staging = within(environment('staging'));
    await userEvent.click(
      staging.getByRole('button', { name: 'Show resources of staging' }),
    );
    const showDiff = staging.getByRole('button', {
      name: 'Show diff of staging',
    });
    expect(showDiff).toHaveAttribute('aria-expanded', 'false');
    expect(api.getDiff).not.toHaveBeenCalled();

    await userEvent.click(showDiff);

    expect(showDiff).toHaveAttribute('aria-expanded', 'true');
    expect(api.getDiff).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      'staging',
    );
    const diff = await staging.findByRole('region', {
      name: 'Diff of staging, live against Git',
    });
    const lines = Array.from(diff.querySelectorAll('[data-line]')).map(line => [
      line.getAttribute('data-line'),
      line.textContent,
    ]);
    expect(lines).toEqual([
      ['context', 'apps/Deployment payments-staging/api (OutOfSync)'],
      ['meta', '--- live'],
      ['meta', '+++ desired (Git)'],
      ['hunk', '@@ spec.replicas @@'],
      ['removed', '- 2'],
      ['added', '+ 3'],
    ]);

    // Closing and reopening either disclosure keeps what was read.
    await userEvent.click(showDiff);
    await userEvent.click(
      staging.getByRole('button', { name: 'Show resources of staging' }),
    );
    await userEvent.click(
      staging.getByRole('button', { name: 'Show resources of staging' }),
    );
    await userEvent.click(showDiff);
    expect(
      staging.getByRole('region', {
        name: 'Diff of staging, live against Git',
      }),
    ).toBeInTheDocument();
    expect(api.getDiff).toHaveBeenCalledTimes(1);
  });

  it('says when Git and the cluster agree', async () => {
    await renderTab(
      mockGitOpsApi({
        getDiff: jest.fn().mockResolvedValue({
          environment: 'dev',
          resources: [],
          text: 'no differences\n',
        }),
      }),
    );
    const dev = within(environment('dev'));
    await userEvent.click(
      dev.getByRole('button', { name: 'Show resources of dev' }),
    );
    await userEvent.click(
      dev.getByRole('button', { name: 'Show diff of dev' }),
    );
    expect(await dev.findByTestId('diff-empty')).toHaveTextContent(
      'Git and the cluster agree: no differences.',
    );
  });

  it('shows a failed diff with its message and reads again on Retry', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'Database unavailable' },
          request: { method: 'GET', url: '/diff' },
          response: { statusCode: 500 },
        }),
        { status: 500, headers: { 'content-type': 'application/json' } },
      ),
    );
    const api = await renderTab(
      mockGitOpsApi({
        getApplicationStatus: jest.fn().mockResolvedValue(driftedStatus()),
        getDiff: jest
          .fn()
          .mockRejectedValueOnce(error)
          .mockResolvedValueOnce(STAGING_DIFF),
      }),
    );
    const staging = within(environment('staging'));
    await userEvent.click(
      staging.getByRole('button', { name: 'Show resources of staging' }),
    );
    await userEvent.click(
      staging.getByRole('button', { name: 'Show diff of staging' }),
    );
    expect(await staging.findByTestId('diff-error')).toHaveTextContent(
      'Could not read the diff: Database unavailable',
    );
    await userEvent.click(staging.getByRole('button', { name: 'Retry' }));
    expect(
      await staging.findByRole('region', {
        name: 'Diff of staging, live against Git',
      }),
    ).toBeInTheDocument();
    expect(api.getDiff).toHaveBeenCalledTimes(2);
  });
});
