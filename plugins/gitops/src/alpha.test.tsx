import { Entity } from '@backstage/catalog-model';
import {
  AnyApiFactory,
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { ANNOTATION_CONFIG_REPO } from '@slipway/plugin-gitops-common';
import { screen } from '@testing-library/react';
import gitopsPlugin from './alpha';
import { gitopsApiRef, GitOpsClient } from './api';
import { makeEntity, makeStatus } from './components/testFixtures';

const withAnnotation = makeEntity();
const withoutAnnotation = makeEntity({
  'backstage.io/source-location': 'url:https://github.com/acme/payments',
});

function mockApi() {
  return {
    getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()),
    listOperations: jest.fn().mockResolvedValue({ items: [] }),
  };
}

describe('gitops plugin (new frontend system)', () => {
  it('is the gitops plugin', () => {
    expect(gitopsPlugin.id).toBe('gitops');
  });

  describe('the Deployments entity content', () => {
    const extension = gitopsPlugin.getExtension(
      'entity-content:gitops/deployments',
    );

    it('is a tab titled Deployments at the deployments path', () => {
      const tester = createExtensionTester(extension, {
        apis: [[gitopsApiRef, mockApi()]],
      });
      expect(tester.get(coreExtensionData.routePath)).toBe('deployments');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Deployments',
      );
    });

    it('is shown only for entities with the config-repo annotation', () => {
      const tester = createExtensionTester(extension, {
        apis: [[gitopsApiRef, mockApi()]],
      });
      const filter = tester.get(
        EntityContentBlueprint.dataRefs.filterFunction,
      ) as ((entity: Entity) => boolean) | undefined;
      expect(filter).toBeDefined();
      expect(filter!(withAnnotation)).toBe(true);
      expect(filter!(withoutAnnotation)).toBe(false);
      expect(filter!(makeEntity({ [ANNOTATION_CONFIG_REPO]: ' ' }))).toBe(
        false,
      );
    });

    it('renders the pipeline for an entity with the annotation', async () => {
      const api = mockApi();
      const tester = createExtensionTester(extension, {
        apis: [[gitopsApiRef, api]],
      });
      await renderInTestApp(
        <EntityProvider entity={withAnnotation}>
          {tester.reactElement()}
        </EntityProvider>,
        { apis: [[gitopsApiRef, api]] },
      );
      expect(
        await screen.findByRole('list', { name: 'Environments' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('region', { name: 'Environment staging' }),
      ).toBeInTheDocument();
      expect(api.getApplicationStatus).toHaveBeenCalledWith({
        kind: 'Component',
        namespace: 'default',
        name: 'payments',
      });
    });
  });

  describe('the overview card', () => {
    const extension = gitopsPlugin.getExtension('entity-card:gitops/overview');

    it('is shown only for entities with the config-repo annotation', () => {
      const tester = createExtensionTester(extension);
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction) as
        | ((entity: Entity) => boolean)
        | undefined;
      expect(filter!(withAnnotation)).toBe(true);
      expect(filter!(withoutAnnotation)).toBe(false);
    });

    it('renders the environment matrix', async () => {
      const api = mockApi();
      const tester = createExtensionTester(extension, {
        apis: [[gitopsApiRef, api]],
      });
      await renderInTestApp(
        <EntityProvider entity={withAnnotation}>
          {tester.reactElement()}
        </EntityProvider>,
        { apis: [[gitopsApiRef, api]] },
      );
      expect(
        await screen.findByRole('table', { name: 'Environments' }),
      ).toBeInTheDocument();
    });
  });

  it('provides a GitOpsClient built on the discovery and fetch APIs', () => {
    const extension = gitopsPlugin.getExtension('api:gitops');
    expect(extension).toBeDefined();
    const factory = createExtensionTester(extension).get(
      ApiBlueprint.dataRefs.factory,
    ) as AnyApiFactory;
    expect(factory.api).toBe(gitopsApiRef);
    expect(Object.values(factory.deps)).toEqual(
      expect.arrayContaining([discoveryApiRef, fetchApiRef]),
    );
    const client = factory.factory({
      discoveryApi: { getBaseUrl: jest.fn() },
      fetchApi: { fetch: jest.fn() },
    } as any);
    expect(client).toBeInstanceOf(GitOpsClient);
  });
});
