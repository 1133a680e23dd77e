import { HistoryEntry } from '@slipway/plugin-gitops-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RollbackDialog } from './RollbackDialog';
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
const OLDER = 'abcdef0123456789abcdef0123456789abcdef01';
const OLDEST = '0123456abcdef0123456abcdef0123456abcdef0';

function entry(
  revision: string,
  version: string,
  subject: string,
): HistoryEntry {
  return {
    revision,
    date: '2026-05-01T09:00:00Z',
    author: { name: 'Jane Doe', email: 'jane@example.com' },
    subject,
    version,
  };
}

function renderDialog(
  api = mockGitOpsApi(),
  callbacks = { onClose: jest.fn(), onStarted: jest.fn() },
) {
  return renderForEntity(
    <RollbackDialog
      environment={makeStatus().environments[0]}
      onClose={callbacks.onClose}
      onStarted={callbacks.onStarted}
    />,
    api,
  );
}

function dialog() {
  return screen.getByRole('dialog', { name: 'Roll back dev' });
}

describe('RollbackDialog', () => {
  it('offers earlier revisions, previews the chosen one and rolls back', async () => {
    const operation = makeOperation({
      kind: 'rollback',
      fromVersion: '1.4.0',
      toVersion: '1.3.0',
      targetRevision: OLDER,
    });
    const api = mockGitOpsApi({
      getHistory: jest.fn().mockResolvedValue({
        items: [
          entry(REVISION_DEV, '1.4.0', 'Deploy payments 1.4.0 to dev'),
          entry(OLDER, '1.3.0', 'Deploy payments 1.3.0 to dev'),
        ],
      }),
      rollback: jest
        .fn()
        .mockResolvedValueOnce(makeDryRun('dev', '1.4.0', '1.3.0'))
        .mockResolvedValueOnce({ operation }),
    });
    const callbacks = { onClose: jest.fn(), onStarted: jest.fn() };
    await renderDialog(api, callbacks);

    const current = await within(dialog()).findByRole('radio', {
      name: /^1111111 · 1\.4\.0 \(current\)/,
    });
    expect(current).toBeDisabled();
    const older = within(dialog()).getByRole('radio', {
      name: /^abcdef0 · 1\.3\.0.*Jane Doe · Deploy payments 1\.3\.0 to dev$/,
    });
    expect(older).toBeEnabled();
    expect(api.getHistory).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'dev',
      limit: 20,
      offset: 0,
    });

    await userEvent.click(older);
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview changes' }),
    );
    expect(api.rollback).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'dev',
      revision: OLDER,
      dryRun: true,
    });
    expect(
      await within(dialog()).findByTestId('version-change'),
    ).toHaveTextContent('1.4.0 → 1.3.0');

    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Confirm rollback' }),
    );
    expect(api.rollback).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      revision: OLDER,
      dryRun: false,
    });
    expect(callbacks.onStarted).toHaveBeenCalledWith(operation);
  });

  it('asks for a revision before previewing', async () => {
    const api = mockGitOpsApi({
      getHistory: jest.fn().mockResolvedValue({
        items: [
          entry(REVISION_DEV, '1.4.0', 'now'),
          entry(OLDER, '1.3.0', 'then'),
        ],
      }),
    });
    await renderDialog(api);
    await within(dialog()).findByRole('radio', { name: /abcdef0/ });
    await userEvent.click(
      within(dialog()).getByRole('button', { name: 'Preview changes' }),
    );
    expect(within(dialog()).getByRole('alert')).toHaveTextContent(
      'Choose a revision to roll back to.',
    );
    expect(api.rollback).not.toHaveBeenCalled();
  });

  it('loads older revisions on request', async () => {
    const api = mockGitOpsApi({
      getHistory: jest
        .fn()
        .mockResolvedValueOnce({
          items: [
            entry(REVISION_DEV, '1.4.0', 'now'),
            entry(OLDER, '1.3.0', 'then'),
          ],
          nextOffset: 2,
        })
        .mockResolvedValueOnce({
          items: [entry(OLDEST, '1.0.0', 'first')],
        }),
    });
    await renderDialog(api);
    await userEvent.click(
      await within(dialog()).findByRole('button', {
        name: 'Show older revisions',
      }),
    );
    expect(
      await within(dialog()).findByRole('radio', {
        name: /^0123456 · 1\.0\.0/,
      }),
    ).toBeEnabled();
    expect(within(dialog()).getAllByRole('radio')).toHaveLength(3);
    expect(api.getHistory).toHaveBeenLastCalledWith(ENTITY_REF, {
      environment: 'dev',
      limit: 20,
      offset: 2,
    });
    expect(
      within(dialog()).queryByRole('button', { name: 'Show older revisions' }),
    ).toBeNull();
  });

  it('shows why the history could not be read', async () => {
    await renderDialog(
      mockGitOpsApi({
        getHistory: jest
          .fn()
          .mockRejectedValue(new Error('config repo unreachable')),
      }),
    );
    expect(
      await within(dialog()).findByTestId('history-error'),
    ).toHaveTextContent('Could not read the history: config repo unreachable');
  });
});
