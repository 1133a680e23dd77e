import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ANNOTATION_CONFIG_REPO } from '@slipway/plugin-gitops-common';
import { isInaccessible } from '@testing-library/dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitOpsApi, gitopsApiRef } from '../api';
import { DeploymentsContent } from './DeploymentsContent';
import {
  makeEntity,
  makeStatus,
  REVISION_DEV,
  REVISION_STAGING,
} from './testFixtures';

function renderContent(api: Partial<GitOpsApi>, entity = makeEntity()) {
  // The tab also reads the operations and asks for permissions.
  const withOperations = {
    listOperations: jest.fn().mockResolvedValue({ items: [] }),
    ...api,
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, withOperations],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        <DeploymentsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function environment(name: string) {
  return screen.getByRole('region', { name: `Environment ${name}` });
}

describe('DeploymentsContent', () => {
  it('shows progress while the status loads', async () => {
    const api = {
      getApplicationStatus: jest.fn(() => new Promise<never>(() => {})),
    };
    await renderContent(api);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Environments' })).toBeNull();
    expect(api.getApplicationStatus).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
    });
  });

  it('shows the backend error with its message and retries on request', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: 'No status stored for component:default/payments yet',
        },
        request: { method: 'GET', url: '/status' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const api = {
      getApplicationStatus: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValueOnce(makeStatus()),
    };
    await renderContent(api);

    expect(
      (
        await screen.findAllByText(
          /No status stored for component:default\/payments yet/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('list', { name: 'Environments' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('list', { name: 'Environments' }),
    ).toBeInTheDocument();
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByText(/No status stored for component:default\/payments/),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows a plain error message too', async () => {
    const api = {
      getApplicationStatus: jest
        .fn()
        .mockRejectedValue(new Error('gitops backend is down')),
    };
    await renderContent(api);
    expect(
      (await screen.findAllByText(/gitops backend is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('asks for the config-repo annotation when the entity has none, without calling the backend', async () => {
    const api = { getApplicationStatus: jest.fn() };
    await renderContent(api, makeEntity({}));
    expect(
      screen.getAllByText(new RegExp(ANNOTATION_CONFIG_REPO)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(api.getApplicationStatus).not.toHaveBeenCalled();
  });

  it('explains an empty pipeline', async () => {
    const api = {
      getApplicationStatus: jest
        .fn()
        .mockResolvedValue({ ...makeStatus(), environments: [] }),
    };
    await renderContent(api);
    expect(await screen.findByText(/No environments/)).toBeInTheDocument();
    expect(screen.getByText('gitops.environments')).toBeInTheDocument();
  });

  describe('the pipeline', () => {
    beforeEach(async () => {
      await renderContent({
        getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()),
      });
      await screen.findByRole('list', { name: 'Environments' });
    });

    it('lists the environments in pipeline order', () => {
      const items = within(
        screen.getByRole('list', { name: 'Environments' }),
      ).getAllByRole('listitem');
      expect(
        items.map(item =>
          within(item).getByRole('region').getAttribute('aria-label'),
        ),
      ).toEqual([
        'Environment dev',
        'Environment staging',
        'Environment production',
      ]);
    });

    it('names the config repository, folder and branch', () => {
      expect(
        screen.getByText('https://github.com/acme/payments-config'),
      ).toBeInTheDocument();
      expect(screen.getByText('apps/payments')).toBeInTheDocument();
      expect(screen.getByText('main')).toBeInTheDocument();
    });

    it("shows each environment's cluster and version", () => {
      expect(
        within(environment('dev')).getByText('dev-cluster / payments-dev'),
      ).toBeInTheDocument();
      expect(
        within(environment('dev')).getByTestId('version'),
      ).toHaveTextContent('1.4.0');
      expect(
        within(environment('staging')).getByTestId('version'),
      ).toHaveTextContent('1.3.2');
      expect(
        within(environment('production')).getByText('prod-cluster'),
      ).toBeInTheDocument();
      expect(
        within(environment('production')).getByTestId('version'),
      ).toHaveTextContent('—');
    });

    it('links each revision to its commit, showing the short SHA', () => {
      const dev = within(environment('dev')).getByRole('link', {
        name: new RegExp(`^${REVISION_DEV.slice(0, 7)}\\b`),
      });
      expect(dev).toHaveAttribute(
        'href',
        `https://github.com/acme/payments-config/commit/${REVISION_DEV}`,
      );
      const staging = within(environment('staging')).getByRole('link', {
        name: new RegExp(`^${REVISION_STAGING.slice(0, 7)}\\b`),
      });
      expect(staging).toHaveAttribute(
        'href',
        `https://github.com/acme/payments-config/commit/${REVISION_STAGING}`,
      );
      expect(
        within(environment('production')).getByTestId('revision'),
      ).toHaveTextContent('—');
    });

    it('shows sync status and health as text', () => {
      const expectations: Array<[string, string, string]> = [
        ['dev', 'Synced', 'Healthy'],
        ['staging', 'OutOfSync', 'Progressing'],
        ['production', 'Unknown', 'Degraded'],
      ];
      for (const [name, sync, health] of expectations) {
        const env = within(environment(name));
        // Visible, and not hidden from assistive technology.
        expect(isInaccessible(env.getByText(sync))).toBe(false);
        expect(isInaccessible(env.getByText(health))).toBe(false);
      }
    });

    it('marks protected, pull-request and auto-synced environments', () => {
      const production = within(environment('production'));
      expect(production.getByText('protected')).toBeInTheDocument();
      expect(production.getByText('via pull request')).toBeInTheDocument();
      expect(production.queryByText('auto-sync')).toBeNull();

      const dev = within(environment('dev'));
      expect(dev.getByText('auto-sync')).toBeInTheDocument();
      expect(dev.queryByText('protected')).toBeNull();
      expect(dev.queryByText('via pull request')).toBeNull();

      const staging = within(environment('staging'));
      expect(staging.queryByText('protected')).toBeNull();
      expect(staging.queryByText('via pull request')).toBeNull();
      expect(staging.queryByText('auto-sync')).toBeNull();
    });

    it("shows why an environment's status is unknown", () => {
      expect(
        within(environment('production')).getByTestId('message'),
      ).toHaveTextContent('cluster prod-cluster is unreachable');
      expect(within(environment('dev')).queryByTestId('message')).toBeNull();
    });
  });

  it('shows the revision as text without a link for a local repository', async () => {
    await renderContent({
      getApplicationStatus: jest
        .fn()
        .mockResolvedValue(makeStatus('file:///srv/git/payments-config')),
    });
    await screen.findByRole('list', { name: 'Environments' });
    const dev = within(environment('dev'));
    expect(dev.getByTestId('revision')).toHaveTextContent(
      REVISION_DEV.slice(0, 7),
    );
    expect(dev.queryByRole('link')).toBeNull();
  });

  it('gives no link for a javascript: repository URL', async () => {
    await renderContent({
      getApplicationStatus: jest
        .fn()
        // eslint-disable-next-line no-script-url -- the input this test refuses
        .mockResolvedValue(makeStatus('javascript:alert(1)')),
    });
    await screen.findByRole('list', { name: 'Environments' });
    await waitFor(() =>
      expect(
        within(environment('staging')).getByTestId('revision'),
      ).toHaveTextContent(REVISION_STAGING.slice(0, 7)),
    );
    expect(document.querySelector('a[href^="javascript"]')).toBeNull();
  });
});
