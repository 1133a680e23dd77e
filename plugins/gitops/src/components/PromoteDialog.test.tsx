import { ResponseError } from '@backstage/errors';
import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PromoteDialog } from './PromoteDialog';
import {
  makeDryRun,
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

function renderDialog(
  api = mockGitOpsApi(),
  source: Partial<EnvironmentStatus> = {},
  callbacks = { onClose: jest.fn(), onStarted: jest.fn() },
) {
  const [dev, staging] = makeStatus().environments;
  return renderForEntity(
    <PromoteDialog
      source={{ ...dev, ...source }}
      target={staging}
      onClose={callbacks.onClose}
      onStarted={callbacks.onStarted}
    />,
    api,
  );
}

function dialog() {
  return screen.getByRole('dialog', { name: 'Promote dev to staging' });
}

describe('PromoteDialog', () => {
  it("shows the source's version and the diff at once, then promotes", async () => {
    const operation = makeOperation({
      kind: 'promote',
      environment: 'staging',
      sourceEnvironment: 'dev',
      fromVersion: '1.3.2',
      toVersion: '1.4.0',
    });
    const api = mockGitOpsApi({
      promote: jest
        .fn()
        .mockResolvedValueOnce(makeDryRun('staging', '1.3.2', '1.4.0'))
        .mockResolvedValueOnce({ operation }),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, {}, callbacks);

    expect(within(dialog()).getByTestId('promotion-summary')).toHaveTextContent(
      'dev runs 1.4.0 at 1111111; staging runs 1.3.2.',
    );
    expect(
      await within(dialog()).findByTestId('version-change'),
    ).toHaveTextContent('1.3.2 → 1.4.0');
    expect(api.promote).toHaveBeenCalledWith(ENTITY_REF, {
      from: 'dev',
      to: 'staging',
      dryRun: true,
    });
    expect(
      within(dialog()).getByRole('region', {
        name: "Diff of staging's overlay",
      }),
    ).toBeInTheDocument();
    expect(within(dialog()).queryByTestId('source-not-ready')).toBeNull();
    expect(
      within(dialog()).queryByRole('button', { name: 'Preview changes' }),
    ).toBeNull();

    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Confirm promotion' }),
    );
    expect(api.promote).toHaveBeenLastCalledWith(ENTITY_REF, {
      from: 'dev',
      to: 'staging',
      dryRun: false,
    });
    expect(callbacks.onStarted).toHaveBeenCalledWith(operation);
    expect(callbacks.onClose).toHaveBeenCalled();
  });

  it('warns, without blocking, when the source is not Synced and Healthy', async () => {
    const api = mockGitOpsApi({
      promote: jest
        .fn()
        .mockResolvedValue(makeDryRun('staging', '1.3.2', '1.4.0')),
    });
    await renderDialog(api, { syncStatus: 'OutOfSync', health: 'Degraded' });

    expect(within(dialog()).getByTestId('source-not-ready')).toHaveTextContent(
      'Warning: dev is OutOfSync and Degraded, not Synced and Healthy',
    );
    expect(
      await within(dialog()).findByRole('button', {
        name: 'Confirm promotion',
      }),
    ).toBeEnabled();
  });

  it("shows the backend's refusal with its message", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message:
              'staging only takes versions from a Synced and Healthy dev, which is OutOfSync and Degraded',
          },
          request: { method: 'POST', url: '/promote' },
          response: { statusCode: 409 },
        }),
        { status: 409, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderDialog(
      mockGitOpsApi({ promote: jest.fn().mockRejectedValue(error) }),
      { syncStatus: 'OutOfSync', health: 'Degraded' },
    );
    expect(
      await within(dialog()).findByTestId('preview-error'),
    ).toHaveTextContent(
      'staging only takes versions from a Synced and Healthy dev, which is OutOfSync and Degraded',
    );
    expect(
      within(dialog()).getByRole('button', { name: 'Confirm promotion' }),
    ).toBeDisabled();
  });
});
