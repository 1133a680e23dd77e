import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HistoryTable } from './HistoryTable';
import {
  makeOperation,
  mockGitOpsApi,
  renderForEntity,
} from '../__testUtils__/testApi';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments',
};
const REPO = 'https://github.com/acme/payments-config';

const DEPLOY = makeOperation();
const PROMOTE = makeOperation({
  id: 'op-promote',
  kind: 'promote',
  environment: 'production',
  sourceEnvironment: 'staging',
  fromVersion: '1.3.2',
  toVersion: '1.4.0',
  actor: 'user:default/sam',
  revision: '4444444ddddddd4444444ddddddd4444444ddddd',
  pullRequestUrl: 'https://github.com/acme/payments-config/pull/42',
  createdAt: '2026-05-04T11:00:00.000Z',
  startedAt: '2026-05-04T11:00:00.000Z',
  finishedAt: '2026-05-04T11:03:05.000Z',
});
const FAILED = makeOperation({
  id: 'op-failed',
  kind: 'rollback',
  state: 'failed',
  targetRevision: '0123456abcdef0123456abcdef0123456abcdef0',
  revision: undefined,
  message: 'push rejected: protected branch',
  actor: 'user:other/robot',
});

function recent(items = [DEPLOY, PROMOTE, FAILED], nextOffset?: number) {
  return {
    value: { items, nextOffset },
    loading: false,
    reload: jest.fn(),
  };
}

// Backstage's Link tells screen readers that external links open a new window.
const NEW_WINDOW = ', Opens in a new window';

function rows() {
  const table = screen.getByRole('table', { name: 'Deployment history' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );
}

describe('HistoryTable', () => {
  it('shows each operation with versions, actor, links, result and duration', async () => {
    await renderForEntity(
      <HistoryTable
        environments={['dev', 'staging', 'production']}
        configRepoUrl={REPO}
        recent={recent()}
      />,
      mockGitOpsApi(),
    );
    const [deploy, promote, failed] = rows();
    expect(deploy.slice(1)).toEqual([
      'Deploy 1.5.0',
      'dev',
      '1.4.0 → 1.5.0',
      'jane.doe',
      `3333333${NEW_WINDOW}`,
      'succeeded',
      '2.2 s',
    ]);
    expect(promote.slice(1)).toEqual([
      'Promote 1.4.0 from staging',
      'production',
      '1.3.2 → 1.4.0',
      'sam',
      `4444444${NEW_WINDOW}pull request${NEW_WINDOW}`,
      'succeeded',
      '3 min 5 s',
    ]);
    expect(failed.slice(1)).toEqual([
      'Roll back to 0123456',
      'dev',
      '1.4.0 → 1.5.0',
      'other/robot',
      '—',
      'failedpush rejected: protected branch',
      '2.2 s',
    ]);
    expect(screen.getByRole('link', { name: /^3333333/ })).toHaveAttribute(
      'href',
      `${REPO}/commit/${DEPLOY.revision}`,
    );
    expect(screen.getByRole('link', { name: /^pull request/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-config/pull/42',
    );
    const time = screen.getAllByRole('row')[1].querySelector('time');
    expect(time).toHaveAttribute('datetime', DEPLOY.createdAt);
  });

  it('filters by environment with one request, and back without one', async () => {
    const api = mockGitOpsApi({
      listOperations: jest.fn().mockResolvedValue({ items: [PROMOTE] }),
    });
    await renderForEntity(
      <HistoryTable
        environments={['dev', 'staging', 'production']}
        configRepoUrl={REPO}
        recent={recent()}
      />,
      api,
    );
    expect(api.listOperations).not.toHaveBeenCalled();

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment' }),
      'production',
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0][2]).toBe('production');
    expect(api.listOperations).toHaveBeenCalledTimes(1);
    expect(api.listOperations).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'production',
      limit: 20,
      offset: 0,
    });

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment' }),
      'All environments',
    );
    expect(rows()).toHaveLength(3);
    expect(api.listOperations).toHaveBeenCalledTimes(1);
  });

  it('says when an environment has no operations', async () => {
    const api = mockGitOpsApi({
      listOperations: jest.fn().mockResolvedValue({ items: [] }),
    });
    await renderForEntity(
      <HistoryTable
        environments={['dev', 'staging']}
        configRepoUrl={REPO}
        recent={recent()}
      />,
      api,
    );
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment' }),
      'staging',
    );
    expect(
      await screen.findByText('No operations in staging yet.'),
    ).toBeInTheDocument();
  });

  it('pages to older operations and back', async () => {
    const older = makeOperation({ id: 'op-older', toVersion: '1.0.0' });
    const api = mockGitOpsApi({
      listOperations: jest.fn().mockResolvedValue({ items: [older] }),
    });
    await renderForEntity(
      <HistoryTable
        environments={['dev']}
        configRepoUrl={REPO}
        recent={recent([DEPLOY], 20)}
      />,
      api,
    );
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(rows()[0][3]).toBe('1.4.0 → 1.0.0'));
    expect(api.listOperations).toHaveBeenCalledWith(ENTITY_REF, {
      environment: undefined,
      limit: 20,
      offset: 20,
    });
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Newer' }));
    expect(rows()[0][3]).toBe('1.4.0 → 1.5.0');
  });

  it('shows a failed read with its message', async () => {
    await renderForEntity(
      <HistoryTable
        environments={['dev']}
        configRepoUrl={REPO}
        recent={{
          loading: false,
          error: new Error('operations store unavailable'),
          reload: jest.fn(),
        }}
      />,
      mockGitOpsApi(),
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not read the history: operations store unavailable',
    );
  });
});
