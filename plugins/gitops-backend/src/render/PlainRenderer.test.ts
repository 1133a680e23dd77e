import { RenderError } from '@slipway/plugin-gitops-node';
import { createRendererChain } from './createRendererChain';
import { InMemorySnapshot } from './InMemorySnapshot';
import { PlainRenderer } from './PlainRenderer';

const cm = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('PlainRenderer', () => {
  const snapshot = new InMemorySnapshot({
    revision: 'r1',
    files: {
      'app/b.yaml': `${cm('b1')}---\n${cm('b2')}`,
      'app/a.yml': cm('a'),
      'app/c.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'c' },
      }),
      'app/nested/d.yaml': cm('d'),
      'app/README.md': '# not a manifest',
      'app/.hidden/e.yaml': cm('e'),
    },
  });

  it('renders every yaml, yml and json file below the folder, in path order', async () => {
    const objects = await new PlainRenderer().render({ snapshot, path: 'app' });
    expect(objects.map(o => o.metadata.name)).toEqual([
      'a',
      'b1',
      'b2',
      'c',
      'd',
    ]);
  });

  it('names the file of a bad document', async () => {
    const bad = new InMemorySnapshot({
      revision: 'r',
      files: { 'x/bad.yaml': `${cm('ok')}---\nkind: Pod\n` },
    });
    await expect(
      new PlainRenderer().render({ snapshot: bad, path: 'x' }),
    ).rejects.toThrow(
      new RenderError('document has no apiVersion', {
        file: 'x/bad.yaml',
        line: 6,
      }),
    );
  });

  it('refuses a path outside the repository', async () => {
    await expect(
      new PlainRenderer().render({ snapshot, path: '../etc' }),
    ).rejects.toThrow('../etc: path is outside the repository');
  });
});

describe('createRendererChain', () => {
  // The first Kustomize render in a process starts the kustomize process.
  jest.setTimeout(60_000);

  const snapshot = new InMemorySnapshot({
    revision: 'r1',
    files: {
      'kustomized/Kustomization': 'resources:\n- cm.yaml\nnamePrefix: k-\n',
      'kustomized/cm.yaml': cm('x'),
      'plain/cm.yaml': cm('x'),
    },
  });

  it('uses kustomize when the folder has a kustomization file, plain manifests otherwise', async () => {
    const chain = createRendererChain();
    expect((await chain.select({ snapshot, path: 'kustomized' }))?.name).toBe(
      'kustomize',
    );
    expect((await chain.select({ snapshot, path: 'plain' }))?.name).toBe(
      'plain',
    );
    expect(
      (await chain.render({ snapshot, path: 'kustomized' }))[0].metadata.name,
    ).toBe('k-x');
    expect(
      (await chain.render({ snapshot, path: 'plain' }))[0].metadata.name,
    ).toBe('x');
  });

  it('asks added renderers first and says when none applies', async () => {
    const custom = {
      name: 'custom',
      supports: async () => true,
      render: async () => [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'custom' } },
      ],
    };
    expect(
      (
        await createRendererChain([custom, new PlainRenderer()]).render({
          snapshot,
          path: 'plain',
        })
      )[0].metadata.name,
    ).toBe('custom');
    await expect(
      createRendererChain([new PlainRenderer()]).render({
        snapshot,
        path: 'missing',
      }),
    ).rejects.toThrow('missing: no renderer (plain) can render this folder');
  });
});
