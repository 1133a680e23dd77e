import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentsContent } from './DeploymentsContent';
import {
  makeDryRun,
  makeOperation,
  makeUniqueEntity,
  mockGitOpsApi,
  permissionApiDenying,
  renderForEntity,
} from '../__testUtils__/testApi';
import { makeEntity, makeStatus } from './testFixtures';

const NEW_REVISION = '3333333ccccccc3333333ccccccc3333333ccccc';

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

describe('DeploymentsContent actions', () => {
  it('loads the tab with two requests: the status and the newest operations', async () => {
    const api = await renderTab();
    await screen.findByRole('table', { name: 'Deployment history' });
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(1);
    expect(api.listOperations).toHaveBeenCalledTimes(1);
    expect(api.listOperations).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      { limit: 20 },
    );
    expect(api.getHistory).not.toHaveBeenCalled();
    expect(api.getOperation).not.toHaveBeenCalled();
  });

  it('offers deploy and rollback everywhere and promotion along the pipeline', async () => {
    await renderTab();
    const dev = within(environment('dev'));
    await waitFor(() =>
      expect(dev.getByRole('button', { name: 'Deploy to dev…' })).toBeEnabled(),
    );
    expect(
      dev.getByRole('button', { name: 'Promote to staging' }),
    ).toBeEnabled();
    expect(dev.getByRole('button', { name: 'Roll back dev…' })).toBeEnabled();
    // The visible text keeps the arrow.
    expect(dev.getByTestId('promote-dev-staging')).toHaveTextContent(
      'Promote → staging',
    );

    const staging = within(environment('staging'));
    expect(
      staging.getByRole('button', { name: 'Promote to production' }),
    ).toBeEnabled();
    expect(
      within(environment('production')).queryByRole('button', {
        name: /^Promote/,
      }),
    ).toBeNull();
  });

  it('disables what the user may not do, saying why', async () => {
    await renderTab(
      mockGitOpsApi(),
      permissionApiDenying('gitops.deploy'),
      makeUniqueEntity(),
    );
    const deploy = await within(environment('dev')).findByRole('button', {
      name: 'Deploy to dev…',
    });
    await waitFor(() =>
      expect(deploy).toHaveAccessibleDescription(
        'You may not deploy this application: the gitops.deploy permission is not granted to you',
      ),
    );
    expect(deploy).toBeDisabled();
    // A disabled button gets no mouse events; its wrapper shows the tooltip.
    await userEvent.hover(deploy.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'the gitops.deploy permission is not granted to you',
    );
    expect(
      within(environment('dev')).getByRole('button', {
        name: 'Roll back dev…',
      }),
    ).toBeEnabled();
  });

  it('disables changes to protected environments without the protected permission', async () => {
    await renderTab(
      mockGitOpsApi(),
      permissionApiDenying('gitops.environment.protected'),
      makeUniqueEntity(),
    );
    const reason =
      'production is protected: changing it needs the gitops.environment.protected permission, which is not granted to you';
    const production = within(environment('production'));
    await waitFor(() =>
      expect(
        production.getByRole('button', { name: 'Deploy to production…' }),
      ).toHaveAccessibleDescription(reason),
    );
    expect(
      production.getByRole('button', { name: 'Roll back production…' }),
    ).toBeDisabled();
    const promote = within(environment('staging')).getByRole('button', {
      name: 'Promote to production',
    });
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription(reason);
    expect(
      within(environment('dev')).getByRole('button', {
        name: 'Deploy to dev…',
      }),
    ).toBeEnabled();
  });

  it('disables a promotion that would change nothing', async () => {
    const status = makeStatus();
    status.environments[1].version = '1.4.0';
    await renderTab(
      mockGitOpsApi({
        getApplicationStatus: jest.fn().mockResolvedValue(status),
      }),
    );
    const promote = within(environment('dev')).getByRole('button', {
      name: 'Promote to staging',
    });
    await waitFor(() =>
      expect(promote).toHaveAccessibleDescription('staging already runs 1.4.0'),
    );
    expect(promote).toBeDisabled();
  });

  it('deploys from the column and follows the operation live', async () => {
    const operation = makeOperation();
    const moved = makeStatus();
    moved.environments[0] = {
      ...moved.environments[0],
      revision: NEW_REVISION,
      version: '1.5.0',
      syncStatus: 'Synced',
      health: 'Progressing',
    };
    const api = mockGitOpsApi({
      getApplicationStatus: jest
        .fn()
        .mockResolvedValueOnce(makeStatus())
        .mockResolvedValue(moved),
      listOperations: jest
        .fn()
        .mockResolvedValueOnce({ items: [] })
        .mockResolvedValue({ items: [operation] }),
      deploy: jest
        .fn()
        .mockResolvedValueOnce(makeDryRun())
        .mockResolvedValueOnce({ operation }),
    });
    await renderTab(api);

    const open = within(environment('dev')).getByRole('button', {
      name: 'Deploy to dev…',
    });
    await waitFor(() => expect(open).toBeEnabled());
    await userEvent.click(open);
    const dialog = screen.getByRole('dialog', { name: 'Deploy to dev' });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Version/ }),
      '1.5.0{Enter}',
    );
    await userEvent.click(
      await within(dialog).findByRole('button', { name: 'Confirm deploy' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const progress = await within(environment('dev')).findByRole('region', {
      name: 'Progress of Deploy 1.5.0 in dev',
    });
    // Confirming refreshes the status at once: the engine has synced the
    // commit and the rollout is under way.
    await waitFor(() =>
      expect(within(progress).getByTestId('step-synced')).toHaveAttribute(
        'data-state',
        'done',
      ),
    );
    expect(within(progress).getByTestId('step-committed')).toHaveTextContent(
      'Commit pushed (done): 3333333',
    );
    expect(within(progress).getByTestId('step-healthy')).toHaveAttribute(
      'data-state',
      'active',
    );
    expect(within(progress).getByTestId('progress-summary')).toHaveTextContent(
      'In progress: Healthy.',
    );
    // The history shows the new operation too.
    expect(
      within(
        screen.getByRole('table', { name: 'Deployment history' }),
      ).getByText('Deploy 1.5.0'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(progress).getByRole('button', { name: 'Dismiss' }),
    );
    expect(
      within(environment('dev')).queryByTestId('operation-progress'),
    ).toBeNull();
  });

  it('shows a pending pull request until Git catches up', async () => {
    await renderTab(
      mockGitOpsApi({
        listOperations: jest.fn().mockResolvedValue({
          items: [
            makeOperation({
              environment: 'production',
              kind: 'promote',
              sourceEnvironment: 'staging',
              fromVersion: undefined,
              toVersion: '1.3.2',
              pullRequestUrl: 'https://github.com/acme/payments-config/pull/42',
            }),
          ],
        }),
      }),
    );
    const pending = await within(environment('production')).findByTestId(
      'pending-pull-request',
    );
    expect(pending).toHaveTextContent('Pull request pending for 1.3.2');
    expect(
      within(pending).getByRole('link', { name: /open pull request/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-config/pull/42',
    );
    expect(
      within(environment('staging')).queryByTestId('pending-pull-request'),
    ).toBeNull();
  });

  it('keeps the last status on screen when a refresh fails', async () => {
    jest.useFakeTimers();
    try {
      const api = mockGitOpsApi({
        getApplicationStatus: jest
          .fn()
          .mockResolvedValueOnce(makeStatus())
          .mockRejectedValue(new Error('gitops backend restarting')),
      });
      await renderTab(api);
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      expect(await screen.findByTestId('refresh-error')).toHaveTextContent(
        'gitops backend restarting',
      );
      expect(
        screen.getByRole('list', { name: 'Environments' }),
      ).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('DeploymentsContent polling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => 'visible',
    });
  });

  async function tick(ms: number) {
    await act(async () => {
      jest.advanceTimersByTime(ms);
    });
  }

  it('refreshes every 10 s, with one request each for status and operations', async () => {
    const api = await renderTab();
    await tick(9_000);
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(1);
    await tick(1_000);
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(2);
    expect(api.listOperations).toHaveBeenCalledTimes(2);
  });

  it('refreshes every 5 s while an operation runs', async () => {
    const api = await renderTab(
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
    expect(
      within(environment('dev')).getByRole('button', {
        name: 'Deploy to dev…',
      }),
    ).toHaveAccessibleDescription('A deploy of dev is in progress');
    await tick(5_000);
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(2);
  });

  it('does not poll while the page is hidden, and catches up when shown', async () => {
    const api = await renderTab();
    let state = 'hidden';
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => state,
    });
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await tick(60_000);
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(1);

    state = 'visible';
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await tick(0);
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(2);
  });
});
