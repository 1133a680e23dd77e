import { ManifestRenderer, RenderRequest } from '@slipway/plugin-gitops-node';
import { createRendererChain } from './createRendererChain';
import { InMemorySnapshot } from './InMemorySnapshot';
import { RenderCache } from './RenderCache';

function repo(revision: string, overrides: Record<string, string> = {}) {
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
    'base/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ghcr.io/acme/web:1.0.0\n',
    'envs/dev/kustomization.yaml':
      'resources:\n- ../../base\nimages:\n- name: ghcr.io/acme/web\n  newTag: "1.1.0"\n',
    'envs/prod/kustomization.yaml':
      'resources:\n- ../../base\nimages:\n- name: ghcr.io/acme/web\n  newTag: "1.0.0"\n',
    'README.md': 'docs',
    ...overrides,
  };
  return new InMemorySnapshot({ revision, files });
}

function counting(): ManifestRenderer & { calls: string[] } {
  const chain = createRendererChain();
  const calls: string[] = [];
  return {
    name: 'counting',
    calls,
    supports: (request: RenderRequest) => chain.supports(request),
    render: async (request: RenderRequest) => {
      calls.push(`${request.snapshot.revision}:${request.path}`);
      return chain.render(request);
    },
  };
}

const image = (objects: any[]) =>
  objects[0].spec.template.spec.containers[0].image;

// The first render in a process starts kustomize, which parses its OpenAPI schema:
// seconds on a busy machine.
jest.setTimeout(60_000);

describe('RenderCache', () => {
  it('serves the same revision from the cache, frozen so no caller changes it for the others', async () => {
    const renderer = counting();
    const cache = new RenderCache({ renderer });
    const first = await cache.render('acme/web-config', {
      snapshot: repo('c1'),
      path: 'envs/dev',
    });
    expect(first.source).toBe('rendered');
    expect(() => {
      first.objects[0].metadata.name = 'changed by caller';
    }).toThrow(TypeError);
    expect(() => {
      (first.objects[0] as any).spec.template.spec.containers[0].image =
        'other';
    }).toThrow(TypeError);
    expect(() => first.objects.push(first.objects[0])).toThrow(TypeError);
    const second = await cache.render('acme/web-config', {
      snapshot: repo('c1'),
      path: 'envs/dev/',
    });
    expect(second.source).toBe('hit');
    expect(second.objects[0].metadata.name).toBe('web');
    expect(renderer.calls).toEqual(['c1:envs/dev']);
  });

  it('answers a peek from the cache alone, and nothing before the first render', async () => {
    const renderer = counting();
    const cache = new RenderCache({ renderer });
    expect(cache.peek('r', 'c1', 'envs/dev')).toBeUndefined();
    const rendered = await cache.render('r', {
      snapshot: repo('c1'),
      path: 'envs/dev',
    });
    expect(cache.peek('r', 'c1', './envs/dev/')).toEqual({
      objects: rendered.objects,
      revision: 'c1',
      source: 'hit',
    });
    expect(cache.peek('r', 'c2', 'envs/dev')).toBeUndefined();
    expect(cache.peek('other', 'c1', 'envs/dev')).toBeUndefined();
    expect(renderer.calls).toEqual(['c1:envs/dev']);
  });

  it('re-renders only the applications whose inputs a new commit changed', async () => {
    const renderer = counting();
    const cache = new RenderCache({ renderer });
    await cache.render('r', { snapshot: repo('c1'), path: 'envs/dev' });
    await cache.render('r', { snapshot: repo('c1'), path: 'envs/prod' });

    // c2 changes only the dev overlay (and an unrelated file).
    const c2 = repo('c2', {
      'envs/dev/kustomization.yaml':
        'resources:\n- ../../base\nimages:\n- name: ghcr.io/acme/web\n  newTag: "1.2.0"\n',
      'README.md': 'more docs',
    });
    const dev = await cache.render('r', { snapshot: c2, path: 'envs/dev' });
    const prod = await cache.render('r', { snapshot: c2, path: 'envs/prod' });
    expect([dev.source, prod.source]).toEqual(['rendered', 'unchanged']);
    expect(image(dev.objects)).toBe('ghcr.io/acme/web:1.2.0');
    expect(image(prod.objects)).toBe('ghcr.io/acme/web:1.0.0');

    // c3 changes the base: both re-render.
    const c3 = repo('c3', {
      'envs/dev/kustomization.yaml':
        'resources:\n- ../../base\nimages:\n- name: ghcr.io/acme/web\n  newTag: "1.2.0"\n',
      'base/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ghcr.io/acme/web:1.0.0\n',
    });
    const results = await Promise.all([
      cache.render('r', { snapshot: c3, path: 'envs/dev' }),
      cache.render('r', { snapshot: c3, path: 'envs/prod' }),
    ]);
    expect(results.map(r => r.source)).toEqual(['rendered', 'rendered']);
    expect(renderer.calls).toEqual([
      'c1:envs/dev',
      'c1:envs/prod',
      'c2:envs/dev',
      'c3:envs/dev',
      'c3:envs/prod',
    ]);
  });

  it('notices a file added to a folder a plain render listed', async () => {
    const renderer = counting();
    const cache = new RenderCache({ renderer });
    const cm = (name: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    const one = new InMemorySnapshot({
      revision: 'a',
      files: { 'plain/a.yaml': cm('a') },
    });
    const two = new InMemorySnapshot({
      revision: 'b',
      files: { 'plain/a.yaml': cm('a'), 'plain/b.yaml': cm('b') },
    });
    await cache.render('r', { snapshot: one, path: 'plain' });
    const next = await cache.render('r', { snapshot: two, path: 'plain' });
    expect(next.source).toBe('rendered');
    expect(next.objects.map(o => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('keeps repositories apart and does not cache failures', async () => {
    const renderer = counting();
    const cache = new RenderCache({ renderer, maxEntries: 1 });
    const broken = new InMemorySnapshot({
      revision: 'x',
      files: { 'app/kustomization.yaml': 'resources: [missing.yaml]\n' },
    });
    await expect(
      cache.render('r', { snapshot: broken, path: 'app' }),
    ).rejects.toThrow("'app/missing.yaml' doesn't exist");
    await expect(
      cache.render('r', { snapshot: broken, path: 'app' }),
    ).rejects.toThrow("'app/missing.yaml' doesn't exist");
    await cache.render('one', { snapshot: repo('c1'), path: 'envs/dev' });
    await cache.render('two', { snapshot: repo('c1'), path: 'envs/dev' });
    expect(cache.size).toBe(1);
    expect(renderer.calls).toEqual([
      'x:app',
      'x:app',
      'c1:envs/dev',
      'c1:envs/dev',
    ]);
  });
});
