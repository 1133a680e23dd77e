import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { GitTreeSnapshot } from '../git';
import { APPLICATION_LABEL, applicationLabelValue } from '../kubernetes';
import { CachedRender } from '../render';
import { testApplication } from './__testUtils__/engineTestDoubles';
import { DesiredStateReader } from './DesiredState';

const application = testApplication('shop');
const [dev] = application.environments;
const deployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', namespace: 'shop-dev' },
  spec: {
    template: {
      spec: {
        containers: [{ name: 'shop', image: 'ghcr.io/acme/shop:1.2.0' }],
      },
    },
  },
};
const snapshot = { revision: 'a1' } as unknown as GitTreeSnapshot;

function setup(cached?: CachedRender) {
  const repositories = { readTree: jest.fn(async () => snapshot) };
  const renderCache = {
    peek: jest.fn(() => cached),
    render: jest.fn(
      async (): Promise<CachedRender> => ({
        objects: [deployment],
        revision: 'a1',
        source: 'rendered',
      }),
    ),
  };
  const reader = new DesiredStateReader({ repositories, renderCache });
  return { reader, repositories, renderCache };
}

describe('DesiredStateReader', () => {
  it("renders the environment's overlay at the revision, with tracking labels and the version", async () => {
    const { reader, repositories, renderCache } = setup();
    const desired = await reader.read(application, dev, 'a1');

    expect(repositories.readTree).toHaveBeenCalledWith(
      application.configRepo.url,
      'a1',
      'envs/dev',
    );
    expect(renderCache.render).toHaveBeenCalledWith(
      application.configRepo.url,
      { snapshot, path: 'envs/dev' },
    );
    expect(desired).toMatchObject({
      revision: 'a1',
      rendered: [deployment],
      version: '1.2.0',
      image: 'ghcr.io/acme/shop',
    });
    expect(desired.objects[0].metadata.labels).toMatchObject({
      [APPLICATION_LABEL]: applicationLabelValue(application.entityRef),
    });
    // Git's objects stay as Git declares them.
    expect(deployment.metadata.labels).toBeUndefined();
  });

  it('reads no files when the render cache holds the revision', async () => {
    const { reader, repositories, renderCache } = setup({
      objects: [deployment],
      revision: 'a1',
      source: 'hit',
    });
    const desired = await reader.read(application, dev, 'a1');

    expect(repositories.readTree).not.toHaveBeenCalled();
    expect(renderCache.render).not.toHaveBeenCalled();
    expect(desired.version).toBe('1.2.0');
  });

  it("falls back to the application's image when no workload runs it", async () => {
    const { reader } = setup({ objects: [], revision: 'a1', source: 'hit' });
    expect(await reader.read(application, dev, 'a1')).toEqual({
      revision: 'a1',
      rendered: [],
      objects: [],
      version: undefined,
      image: 'ghcr.io/acme/shop',
    });
  });
});
