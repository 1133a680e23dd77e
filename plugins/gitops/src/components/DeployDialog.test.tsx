import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeployDialog } from './DeployDialog';
import {
  makeDryRun,
  makeOperation,
  mockGitOpsApi,
  renderForEntity,
} from '../__testUtils__/testApi';
import { makeStatus, REVISION_DEV } from './testFixtures';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments',
};

async function conflict(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message },
        request: { method: 'POST', url: '/deploy' },
        response: { statusCode: 409 },
      }),
      { status: 409, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function renderDialog(
  api = mockGitOpsApi(),
  callbacks = { onClose: jest.fn(), onStarted: jest.fn() },
) {
  const dev = makeStatus().environments[0];
  return renderForEntity(
    <DeployDialog
      environment={dev}
      knownVersions={['1.3.2', '1.4.0']}
      onClose={callbacks.onClose}
      onStarted={callbacks.onStarted}
    />,
    api,
  );
}

function dialog() {
  return screen.getByRole('dialog', { name: 'Deploy to dev' });
}

describe('DeployDialog', () => {
  it('previews the overlay diff of the typed version, then deploys it', async () => {
    const operation = makeOperation();
    const api = mockGitOpsApi({
      deploy: jest
        .fn()
        .mockResolvedValueOnce(makeDryRun())
        .mockResolvedValueOnce({ operation }),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, callbacks);

    const confirm = within(dialog()).getByRole('button', {
      name: 'Confirm deploy',
    });
    expect(confirm).toBeDisabled();

    await userEvent.type(
      within(dialog()).getByRole('textbox', { name: /Version/ }),
      '1.5.0{Enter}',
    );

    expect(api.deploy).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      version: '1.5.0',
      expectedVersion: '1.4.0',
      dryRun: true,
    });
    expect(
      await within(dialog()).findByTestId('version-change'),
    ).toHaveTextContent('1.4.0 → 1.5.0');
    const diff = within(dialog()).getByRole('region', {
      name: "Diff of dev's overlay",
    });
    const exact = { normalizer: (text: string) => text };
    expect(within(diff).getByText('+    newTag: 1.5.0', exact)).toHaveAttribute(
      'data-line',
      'added',
    );
    expect(within(diff).getByText('-    newTag: 1.4.0', exact)).toHaveAttribute(
      'data-line',
      'removed',
    );
    expect(
      within(dialog()).getByText('apps/payments/envs/dev/kustomization.yaml'),
    ).toBeInTheDocument();

    await userEvent.click(confirm);

    expect(api.deploy).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      version: '1.5.0',
      expectedVersion: '1.4.0',
      dryRun: false,
    });
    expect(callbacks.onStarted).toHaveBeenCalledWith(operation);
    expect(callbacks.onClose).toHaveBeenCalled();
  });

  it('explains what is wrong with a version and asks the backend nothing', async () => {
    const api = mockGitOpsApi();
    await renderDialog(api);
    const field = within(dialog()).getByRole('textbox', { name: /Version/ });
    const preview = within(dialog()).getByRole('button', {
      name: 'Preview changes',
    });

    await userEvent.click(preview);
    expect(field).toHaveAccessibleDescription(/^Enter a version/);
    expect(field).toBeInvalid();

    await userEvent.type(field, '-beta');
    await userEvent.click(preview);
    expect(field).toHaveAccessibleDescription(
      '"-beta" is not a valid image tag: up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"',
    );

    await userEvent.clear(field);
    await userEvent.type(field, 'sha256:abc');
    expect(field).toHaveAccessibleDescription(
      '"sha256:abc" is neither an image tag nor a digest (algorithm:hex)',
    );

    await userEvent.clear(field);
    await userEvent.type(field, `md5:${'a'.repeat(32)}`);
    expect(field).toHaveAccessibleDescription(
      `"md5:${'a'.repeat(
        32,
      )}" uses the digest algorithm "md5"; only sha256 and sha512 digests are accepted`,
    );

    await userEvent.clear(field);
    await userEvent.type(field, '1.4.0');
    expect(field).toHaveAccessibleDescription('dev already runs 1.4.0');

    expect(api.deploy).not.toHaveBeenCalled();
    expect(
      within(dialog()).getByRole('button', { name: 'Confirm deploy' }),
    ).toBeDisabled();
  });

  it('suggests versions seen before, from the tab and from the history', async () => {
    const api = mockGitOpsApi({
      getHistory: jest.fn().mockResolvedValue({
        items: [
          {
            revision: REVISION_DEV,
            date: '2026-05-01T09:00:00Z',
            author: { name: 'Jane', email: 'jane@example.com' },
            subject: 'Deploy 1.4.0',
            version: '1.4.0',
          },
          {
            revision: 'a'.repeat(40),
            date: '2026-04-01T09:00:00Z',
            author: { name: 'Jane', email: 'jane@example.com' },
            subject: 'Deploy 1.1.0',
            version: '1.1.0',
          },
        ],
      }),
    });
    await renderDialog(api);

    const group = within(dialog()).getByRole('group', {
      name: 'Versions seen before',
    });
    expect(
      await within(group).findByRole('button', { name: 'Use version 1.1.0' }),
    ).toBeInTheDocument();
    expect(
      within(group)
        .getAllByRole('button')
        .map(button => button.textContent),
    ).toEqual(['1.3.2', '1.1.0']);
    expect(api.getHistory).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'dev',
      limit: 50,
    });

    await userEvent.click(
      within(group).getByRole('button', { name: 'Use version 1.3.2' }),
    );
    expect(
      within(dialog()).getByRole('textbox', { name: /Version/ }),
    ).toHaveValue('1.3.2');
  });

  it('shows a conflict with the backend message and keeps the dialog open', async () => {
    const api = mockGitOpsApi({
      deploy: jest
        .fn()
        .mockResolvedValueOnce(makeDryRun())
        .mockRejectedValueOnce(
          await conflict(
            'Another operation (deploy by user:default/sam) is changing component:default/payments in dev; try again when it has finished',
          ),
        ),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, callbacks);

    await userEvent.type(
      within(dialog()).getByRole('textbox', { name: /Version/ }),
      '1.5.0',
    );
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview changes' }),
    );
    await userEvent.click(
      await within(dialog()).findByRole('button', { name: 'Confirm deploy' }),
    );

    const alert = await within(dialog()).findByRole('alert');
    expect(alert).toHaveTextContent(
      'The change failed: Another operation (deploy by user:default/sam) is changing component:default/payments in dev; try again when it has finished',
    );
    expect(callbacks.onStarted).not.toHaveBeenCalled();
    expect(callbacks.onClose).not.toHaveBeenCalled();
  });

  it('shows a refused preview with its message, and no confirm', async () => {
    const api = mockGitOpsApi({
      deploy: jest
        .fn()
        .mockRejectedValue(
          await conflict(
            'dev runs 1.4.1, not the expected 1.4.0; reload and try again',
          ),
        ),
    });
    await renderDialog(api);
    await userEvent.type(
      within(dialog()).getByRole('textbox', { name: /Version/ }),
      '1.5.0{Enter}',
    );
    expect(
      await within(dialog()).findByTestId('preview-error'),
    ).toHaveTextContent(
      'Cannot make this change: dev runs 1.4.1, not the expected 1.4.0; reload and try again',
    );
    expect(
      within(dialog()).getByRole('button', { name: 'Confirm deploy' }),
    ).toBeDisabled();
  });

  it('forgets the preview when the version changes', async () => {
    const api = mockGitOpsApi({
      deploy: jest.fn().mockResolvedValue(makeDryRun()),
    });
    await renderDialog(api);
    const field = within(dialog()).getByRole('textbox', { name: /Version/ });
    await userEvent.type(field, '1.5.0{Enter}');
    await waitFor(() =>
      expect(
        within(dialog()).getByRole('button', { name: 'Confirm deploy' }),
      ).toBeEnabled(),
    );

    await userEvent.type(field, '1');

    expect(within(dialog()).queryByTestId('diff')).toBeNull();
    expect(
      within(dialog()).getByRole('button', { name: 'Confirm deploy' }),
    ).toBeDisabled();
  });

  it('closes on Cancel', async () => {
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(mockGitOpsApi(), callbacks);
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Cancel' }),
    );
    expect(callbacks.onClose).toHaveBeenCalled();
  });
});
