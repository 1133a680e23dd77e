import { ResponseError } from '@backstage/errors';
import { EnvironmentEngine } from '@slipway/plugin-gitops-common';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentsContent } from './DeploymentsContent';
import {
  makeUniqueEntity,
  mockGitOpsApi,
  permissionApiDenying,
  renderForEntity,
} from '../__testUtils__/testApi';
import {
  makeArgoCdEngine,
  makeEntity,
  makeFluxEngine,
  makeStatus,
} from './testFixtures';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments',
};

const RUNNING_SYNC: EnvironmentEngine['operation'] = {
  phase: 'Running',
  message: 'waiting for healthy state of apps/Deployment/api',
  startedAt: '2026-05-04T10:00:00.000Z',
};

function environment(name: string) {
  return screen.getByRole('region', { name: `Environment ${name}` });
}

/** The fixture's status with these environments applied by these engines. */
function statusWithEngines(
  engines: Partial<Record<'dev' | 'staging' | 'production', EnvironmentEngine>>,
) {
  const status = makeStatus();
  status.environments = status.environments.map(env => {
    const engine = engines[env.name as keyof typeof engines];
    return engine ? { ...env, engine } : env;
  });
  return status;
}

async function renderTab(
  engines: Parameters<typeof statusWithEngines>[0],
  overrides: Parameters<typeof mockGitOpsApi>[0] = {},
  permissionApi = permissionApiDenying(),
  entity = makeEntity(),
) {
  const api = mockGitOpsApi({
    getApplicationStatus: jest
      .fn()
      .mockResolvedValue(statusWithEngines(engines)),
    ...overrides,
  });
  await renderForEntity(<DeploymentsContent />, api, permissionApi, entity);
  await screen.findByRole('list', { name: 'Environments' });
  return api;
}

async function refusal(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message },
        request: { method: 'POST', url: '/' },
        response: { statusCode: 409 },
      }),
      { status: 409, headers: { 'content-type': 'application/json' } },
    ),
  );
}

/** What a user sees of a column, but for the engine label. */
function withoutEngineLabel(name: string) {
  const column = environment(name).cloneNode(true) as HTMLElement;
  column.querySelector('[data-testid="engine"]')?.remove();
  return {
    text: column.textContent,
    buttons: within(column)
      .getAllByRole('button')
      .map(button => button.getAttribute('aria-label') ?? button.textContent),
  };
}

describe('DeploymentsContent engines', () => {
  it('labels each environment with the engine that applies it', async () => {
    await renderTab({ dev: makeArgoCdEngine(), staging: makeFluxEngine() });

    const dev = within(environment('dev')).getByTestId('engine');
    expect(dev).toHaveTextContent('Argo CD, Application argocd/payments-dev');
    expect(dev).toHaveAttribute('data-engine', 'argocd');
    expect(
      within(environment('staging')).getByTestId('engine'),
    ).toHaveTextContent('Flux, Kustomization flux-system/payments-dev');
    const production = within(environment('production')).getByTestId('engine');
    expect(production).toHaveTextContent(/^Slipway$/);
    expect(production).toHaveAttribute('data-engine', 'builtin');

    await userEvent.hover(within(dev).getByText('Argo CD'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Applied by Argo CD from Application argocd/payments-dev',
    );
  });

  it('looks the same whatever the engine, but for the label', async () => {
    await renderTab({});
    const builtin = withoutEngineLabel('dev');
    cleanup();
    await renderTab({ dev: makeArgoCdEngine() });
    expect(withoutEngineLabel('dev')).toEqual(builtin);
    expect(builtin.buttons).toEqual(
      expect.arrayContaining(['Deploy to dev…', 'Roll back dev…', 'Sync dev…']),
    );
  });

  it("shows Argo CD's sync operation with its phase and message", async () => {
    await renderTab({ dev: makeArgoCdEngine({ operation: RUNNING_SYNC }) });
    const operation = within(environment('dev')).getByTestId(
      'engine-operation',
    );
    expect(within(operation).getByLabelText('Running')).toBeInTheDocument();
    expect(operation).toHaveTextContent(
      'waiting for healthy state of apps/Deployment/api',
    );
    expect(
      within(environment('staging')).queryByTestId('engine-operation'),
    ).toBeNull();
  });

  it.each<[string, boolean, EnvironmentEngine]>([
    ['Slipway', false, { type: 'builtin', name: 'builtin' }],
    ['an idle Argo CD', false, makeArgoCdEngine()],
    [
      'an Argo CD whose sync ended',
      false,
      makeArgoCdEngine({ operation: { phase: 'Succeeded' } }),
    ],
    [
      'an Argo CD that syncs',
      true,
      makeArgoCdEngine({ operation: RUNNING_SYNC }),
    ],
    [
      'an Argo CD that terminates a sync',
      true,
      makeArgoCdEngine({ operation: { phase: 'Terminating' } }),
    ],
    ['Flux', false, makeFluxEngine()],
  ])('for %s, offers terminate: %s', async (_, offered, engine) => {
    await renderTab({ dev: engine });
    const terminate = within(environment('dev')).queryByRole('button', {
      name: 'Terminate the sync of dev…',
    });
    expect(terminate !== null).toBe(offered);
  });

  it("terminates Argo CD's sync after confirming, then reads the status again", async () => {
    const api = await renderTab({
      dev: makeArgoCdEngine({ operation: RUNNING_SYNC }),
    });
    const terminate = within(environment('dev')).getByRole('button', {
      name: 'Terminate the sync of dev…',
    });
    await waitFor(() => expect(terminate).toBeEnabled());
    expect(terminate).toHaveAttribute('data-testid', 'terminate-dev');
    await userEvent.click(terminate);

    const dialog = screen.getByRole('dialog', {
      name: 'Terminate the sync of dev',
    });
    expect(dialog).toHaveTextContent(
      'Argo CD is syncing dev (Application argocd/payments-dev): waiting for healthy state of apps/Deployment/api.',
    );
    expect(api.terminate).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByTestId('confirm'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.terminate).toHaveBeenCalledTimes(1);
    expect(api.terminate).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'dev',
    });
    await waitFor(() =>
      expect(api.getApplicationStatus).toHaveBeenCalledTimes(2),
    );
  });

  it("keeps a refused terminate in the dialog with the backend's message", async () => {
    const api = await renderTab(
      { dev: makeArgoCdEngine({ operation: RUNNING_SYNC }) },
      {
        terminate: jest
          .fn()
          .mockRejectedValue(await refusal('No sync operation of dev runs')),
      },
    );
    const terminate = within(environment('dev')).getByRole('button', {
      name: 'Terminate the sync of dev…',
    });
    await waitFor(() => expect(terminate).toBeEnabled());
    await userEvent.click(terminate);
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByTestId('confirm'));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The change failed: No sync operation of dev runs',
    );
    expect(within(dialog).getByTestId('confirm')).toBeEnabled();
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['Argo CD', makeArgoCdEngine(), { environment: 'staging', prune: false }],
    ['Flux', makeFluxEngine(), { environment: 'staging' }],
  ])(
    'syncs through %s without a dry run: the engine has none to offer',
    async (_, engine, request) => {
      const operation = {
        id: 'op-1',
        entityRef: 'component:default/payments',
        environment: 'staging',
        kind: 'sync',
        state: 'succeeded',
        actor: 'user:default/jane',
        createdAt: '2026-05-04T10:00:00.000Z',
      };
      const api = await renderTab(
        { staging: engine },
        { sync: jest.fn().mockResolvedValue({ operation }) },
      );
      const sync = within(environment('staging')).getByRole('button', {
        name: 'Sync staging…',
      });
      await waitFor(() => expect(sync).toBeEnabled());
      await userEvent.click(sync);
      const dialog = screen.getByRole('dialog', { name: 'Sync staging' });
      expect(within(dialog).queryByTestId('preview')).toBeNull();
      expect(within(dialog).getByTestId('sync-summary-text')).toHaveTextContent(
        `Ask ${engine.type === 'argocd' ? 'Argo CD' : 'Flux'}`,
      );
      await userEvent.click(within(dialog).getByTestId('confirm'));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(api.sync).toHaveBeenCalledTimes(1);
      expect(api.sync).toHaveBeenCalledWith(ENTITY_REF, request);
    },
  );

  it('suspends Flux after confirming, then reads the status again', async () => {
    const api = await renderTab({ staging: makeFluxEngine() });
    const staging = within(environment('staging'));
    expect(staging.queryByTestId('suspended')).toBeNull();
    expect(
      staging.queryByRole('button', { name: 'Resume staging' }),
    ).toBeNull();
    const suspend = staging.getByRole('button', { name: 'Suspend staging…' });
    await waitFor(() => expect(suspend).toBeEnabled());
    await userEvent.click(suspend);

    const dialog = screen.getByRole('dialog', { name: 'Suspend staging' });
    expect(dialog).toHaveTextContent(
      'Flux stops reconciling staging (Kustomization flux-system/payments-dev) until it is resumed',
    );
    await userEvent.click(within(dialog).getByTestId('confirm'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.suspend).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'staging',
    });
    await waitFor(() =>
      expect(api.getApplicationStatus).toHaveBeenCalledTimes(2),
    );
    expect(api.resume).not.toHaveBeenCalled();
  });

  it('marks a suspended Flux and resumes it without asking', async () => {
    const api = await renderTab({
      staging: makeFluxEngine({ suspended: true }),
    });
    const staging = within(environment('staging'));
    expect(staging.getByTestId('suspended')).toHaveTextContent('Suspended');
    expect(within(environment('dev')).queryByTestId('suspended')).toBeNull();
    expect(staging.queryByRole('button', { name: /^Suspend/ })).toBeNull();
    const resume = staging.getByRole('button', { name: 'Resume staging' });
    await waitFor(() => expect(resume).toBeEnabled());
    await userEvent.click(resume);

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.resume).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'staging',
    });
    await waitFor(() =>
      expect(api.getApplicationStatus).toHaveBeenCalledTimes(2),
    );
  });

  it("shows a failed resume in the column with the backend's message", async () => {
    const api = await renderTab(
      { staging: makeFluxEngine({ suspended: true }) },
      {
        resume: jest
          .fn()
          .mockRejectedValue(await refusal('staging is not applied by Flux')),
      },
    );
    const staging = within(environment('staging'));
    const resume = staging.getByRole('button', { name: 'Resume staging' });
    await waitFor(() => expect(resume).toBeEnabled());
    await userEvent.click(resume);

    expect(await staging.findByTestId('resume-error')).toHaveTextContent(
      'Could not resume staging: staging is not applied by Flux',
    );
    expect(resume).toBeEnabled();
    expect(api.getApplicationStatus).toHaveBeenCalledTimes(1);
  });

  it('disables the engine controls without the sync permission, as Sync', async () => {
    await renderTab(
      {
        dev: makeArgoCdEngine({ operation: RUNNING_SYNC }),
        staging: makeFluxEngine(),
        production: makeFluxEngine({ suspended: true }),
      },
      {},
      permissionApiDenying('gitops.sync'),
      makeUniqueEntity(),
    );
    const controls: Array<[string, string, string]> = [
      ['dev', 'Terminate the sync of dev…', 'terminate syncs of'],
      ['staging', 'Suspend staging…', 'suspend'],
      ['production', 'Resume production', 'resume'],
    ];
    for (const [name, label, verb] of controls) {
      const button = within(environment(name)).getByRole('button', {
        name: label,
      });
      await waitFor(() =>
        expect(button).toHaveAccessibleDescription(
          `You may not ${verb} this application: the gitops.sync permission is not granted to you`,
        ),
      );
      expect(button).toBeDisabled();
      expect(
        within(environment(name)).getByRole('button', {
          name: `Sync ${name}…`,
        }),
      ).toBeDisabled();
    }
  });
});
