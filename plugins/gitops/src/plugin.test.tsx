import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { gitopsApiRef } from './api';
import { makeEntity, makeStatus } from './components/testFixtures';
import { EntityGitOpsCard, EntityGitOpsContent, gitopsPlugin } from './plugin';

describe('gitopsPlugin (legacy frontend system)', () => {
  it('has the gitops id and provides the API', () => {
    expect(gitopsPlugin.getId()).toBe('gitops');
    expect([...gitopsPlugin.getApis()].map(api => api.api.id)).toEqual([
      gitopsApiRef.id,
    ]);
  });

  it('renders the Deployments tab for an entity', async () => {
    const api = {
      getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()),
      listOperations: jest.fn().mockResolvedValue({ items: [] }),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [gitopsApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={makeEntity()}>
          {/* As EntityLayout.Route mounts it in an app */}
          <Routes>
            <Route path="/*" element={<EntityGitOpsContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('list', { name: 'Environments' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Environment production' }),
    ).toBeInTheDocument();
    expect(api.getApplicationStatus).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
    });
  });

  it('renders the overview card for an entity', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            gitopsApiRef,
            { getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()) },
          ],
        ]}
      >
        <EntityProvider entity={makeEntity()}>
          <EntityGitOpsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('table', { name: 'Environments' }),
    ).toBeInTheDocument();
  });
});
