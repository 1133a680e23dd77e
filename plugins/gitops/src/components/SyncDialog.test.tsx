import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { SyncDryRun } from '../api';
import { SyncDialog } from './SyncDialog';
import {
  makeOperation,
  mockGitOpsApi,
  renderForEntity,
} from '../__testUtils__/testApi';
import { makeStatus } from './testFixtures';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments',
};

async function refusal(statusCode: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'POST', url: '/sync' },
        response: { statusCode },
      }),
      { status: statusCode, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function dryRunOf(overrides: Partial<SyncDryRun> = {}): {
  dryRun: SyncDryRun;
} {
  return {
    dryRun: {
      applied: [
        { id: 'apps/Deployment payments-dev/api', action: 'configured' },
        { id: 'ConfigMap payments-dev/api-config', action: 'created' },
        { id: 'Service payments-dev/api', action: 'unchanged' },
      ],
      pruned: [],
      errors: [],
      ...overrides,
    },
  };
}

function dev(overrides: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  return { ...makeStatus().environments[0], ...overrides };
}

function renderDialog(
  api = mockGitOpsApi(),
  environment = dev(),
  callbacks = { onClose: jest.fn(), onStarted: jest.fn() },
) {
  return renderForEntity(
    <SyncDialog
      environment={environment}
      onClose={callbacks.onClose}
      onStarted={callbacks.onStarted}
    />,
    api,
  );
}

function dialog() {
  return screen.getByRole('dialog', { name: 'Sync dev' });
}

describe('SyncDialog', () => {
  it('previews what the cluster would do, then syncs and hands over the operation', async () => {
    const operation = makeOperation({
      kind: 'sync',
      fromVersion: undefined,
      toVersion: '1.4.0',
      message: 'Synced: 1 created, 1 configured, 1 unchanged',
    });
    const api = mockGitOpsApi({
      sync: jest
        .fn()
        .mockResolvedValueOnce(dryRunOf())
        .mockResolvedValueOnce({ operation }),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, dev(), callbacks);

    const prune = within(dialog()).getByRole('checkbox', { name: 'Prune' });
    expect(prune).not.toBeChecked();
    expect(prune).toHaveAccessibleDescription(
      'Delete resources Git no longer declares (listed as Extra).',
    );
    const confirm = within(dialog()).getByRole('button', {
      name: 'Confirm sync',
    });
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAttribute('data-testid', 'confirm');

    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview (dry run)' }),
    );

    expect(api.sync).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      prune: false,
      dryRun: true,
    });
    expect(
      await within(dialog()).findByTestId('sync-summary'),
    ).toHaveTextContent('1 created, 1 configured, 1 unchanged, no pruning');
    expect(
      within(
        within(dialog()).getByRole('list', { name: 'Would be created' }),
      ).getByRole('listitem'),
    ).toHaveTextContent('ConfigMap payments-dev/api-config');
    expect(
      within(
        within(dialog()).getByRole('list', { name: 'Would be configured' }),
      ).getByRole('listitem'),
    ).toHaveTextContent('apps/Deployment payments-dev/api');
    expect(
      within(dialog()).getByRole('list', { name: 'Unchanged' }),
    ).toHaveTextContent('Service payments-dev/api');
    expect(within(dialog()).queryByTestId('sync-errors')).toBeNull();

    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);

    expect(api.sync).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      prune: false,
      dryRun: false,
    });
    expect(callbacks.onStarted).toHaveBeenCalledWith(operation);
    expect(callbacks.onClose).toHaveBeenCalled();
  });

  it('previews again after Prune is checked, listing what it would delete', async () => {
    const api = mockGitOpsApi({
      sync: jest.fn(async (_entity, request) =>
        dryRunOf(
          request.prune
            ? {
                pruned: [
                  { id: 'ConfigMap payments-dev/old', action: 'deleted' },
                  {
                    id: 'Secret payments-dev/kept',
                    action: 'skipped',
                    reason: 'annotated slipway.dev/prune: disabled',
                  },
                ],
              }
            : {},
        ),
      ),
    });
    const environment = dev({
      resources: [
        {
          group: '',
          kind: 'ConfigMap',
          namespace: 'payments-dev',
          name: 'old',
          syncStatus: 'Extra',
        },
      ],
    });
    await renderDialog(api, environment);
    const confirm = within(dialog()).getByRole('button', {
      name: 'Confirm sync',
    });

    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(await within(dialog()).findByTestId('extra-kept')).toHaveTextContent(
      '1 resource is no longer declared in Git and will stay in the cluster; check Prune to delete it.',
    );
    await waitFor(() => expect(confirm).toBeEnabled());

    // A different sync than the one previewed: confirm waits for a new preview.
    await userEvent.click(
      within(dialog()).getByRole('checkbox', { name: 'Prune' }),
    );
    expect(confirm).toBeDisabled();
    expect(within(dialog()).queryByTestId('sync-summary')).toBeNull();

    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(api.sync).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      prune: true,
      dryRun: true,
    });
    expect(
      await within(dialog()).findByTestId('sync-summary'),
    ).toHaveTextContent('1 created, 1 configured, 1 unchanged, 1 pruned');
    expect(
      within(dialog()).getByRole('list', { name: 'Would be pruned' }),
    ).toHaveTextContent('ConfigMap payments-dev/old');
    expect(
      within(dialog()).getByRole('list', { name: 'Not pruned' }),
    ).toHaveTextContent(
      'Secret payments-dev/kept: annotated slipway.dev/prune: disabled',
    );
    expect(within(dialog()).getByTestId('prune-warning')).toHaveTextContent(
      'the sync will delete 1 resource from dev-cluster.',
    );
    expect(within(dialog()).queryByTestId('extra-kept')).toBeNull();
  });

  it('lists the errors a dry run found', async () => {
    const api = mockGitOpsApi({
      sync: jest.fn().mockResolvedValue(
        dryRunOf({
          applied: [
            {
              id: 'networking.k8s.io/Ingress payments-dev/api',
              action: 'failed',
              error: 'admission webhook "validate.nginx" denied the request',
            },
          ],
          errors: [
            'networking.k8s.io/Ingress payments-dev/api: admission webhook "validate.nginx" denied the request',
          ],
        }),
      ),
    });
    await renderDialog(api);
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(
      await within(dialog()).findByRole('list', { name: 'Errors' }),
    ).toHaveTextContent(
      'networking.k8s.io/Ingress payments-dev/api: admission webhook "validate.nginx" denied the request',
    );
    expect(
      within(dialog()).getByRole('list', { name: 'Would fail' }),
    ).toHaveTextContent('networking.k8s.io/Ingress payments-dev/api');
  });

  it('shows a refused preview (403) with its message, and no confirm', async () => {
    const api = mockGitOpsApi({
      sync: jest
        .fn()
        .mockRejectedValue(
          await refusal(
            403,
            'NotAllowedError',
            'You are not allowed to sync component:default/payments in dev',
          ),
        ),
    });
    await renderDialog(api);
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(
      await within(dialog()).findByTestId('preview-error'),
    ).toHaveTextContent(
      'Cannot make this change: You are not allowed to sync component:default/payments in dev',
    );
    expect(
      within(dialog()).getByRole('button', { name: 'Confirm sync' }),
    ).toBeDisabled();
  });

  it('shows a conflict (409) on confirm and keeps the dialog open', async () => {
    const api = mockGitOpsApi({
      sync: jest
        .fn()
        .mockResolvedValueOnce(dryRunOf())
        .mockRejectedValueOnce(
          await refusal(
            409,
            'ConflictError',
            'Another operation (deploy by user:default/sam) is changing component:default/payments in dev; try again when it has finished',
          ),
        ),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, dev(), callbacks);
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview (dry run)' }),
    );
    const confirm = within(dialog()).getByRole('button', {
      name: 'Confirm sync',
    });
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);

    expect(
      await within(dialog()).findByTestId('confirm-error'),
    ).toHaveTextContent(
      'The change failed: Another operation (deploy by user:default/sam) is changing component:default/payments in dev; try again when it has finished',
    );
    expect(callbacks.onStarted).not.toHaveBeenCalled();
    expect(callbacks.onClose).not.toHaveBeenCalled();
  });

  it('offers Force when the preview stops at fields another manager set, and syncs with it', async () => {
    const conflict =
      'Sync of dev failed: apps/Deployment payments-dev/api: Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas. Other field managers own these fields. Sync with force to take these fields over (they will be overwritten with what Git declares).';
    const operation = makeOperation({ kind: 'sync', toVersion: '1.4.0' });
    const api = mockGitOpsApi({
      sync: jest.fn(async (_entity, request) => {
        if (!request.force) {
          throw await refusal(409, 'ConflictError', conflict);
        }
        return request.dryRun ? dryRunOf() : { operation };
      }),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, dev(), callbacks);
    const preview = within(dialog()).getByRole('button', {
      name: 'Preview (dry run)',
    });
    const confirm = within(dialog()).getByRole('button', {
      name: 'Confirm sync',
    });

    await userEvent.click(preview);
    expect(
      await within(dialog()).findByText(/conflict with "kubectl-edit"/),
    ).toBeVisible();
    expect(confirm).toBeDisabled();

    const force = within(dialog()).getByRole('checkbox', { name: 'Force' });
    expect(force).not.toBeChecked();
    expect(force).toHaveAccessibleDescription(
      /overwrite them with what Git declares/,
    );
    await userEvent.click(force);
    await userEvent.click(preview);
    expect(api.sync).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      prune: false,
      dryRun: true,
      force: true,
    });
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);

    expect(api.sync).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      prune: false,
      dryRun: false,
      force: true,
    });
    await waitFor(() =>
      expect(callbacks.onStarted).toHaveBeenCalledWith(operation),
    );
  });

  it('closes on Cancel without asking the backend', async () => {
    const api = mockGitOpsApi();
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, dev(), callbacks);
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Cancel' }),
    );
    expect(callbacks.onClose).toHaveBeenCalled();
    expect(api.sync).not.toHaveBeenCalled();
  });
});
