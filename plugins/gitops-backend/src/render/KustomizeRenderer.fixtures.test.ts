import { promises as fs } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { DirectorySnapshot } from './DirectorySnapshot';
import { KustomizeRenderer } from './KustomizeRenderer';

// Each folder under __fixtures__/kustomize is one case: the config files,
// `case.yaml` (what to render) and `expected.yaml`, the output
// `kustomize build` prints for that folder.
const fixtures = join(__dirname, '__fixtures__', 'kustomize');

async function loadCases() {
  const names = (await fs.readdir(fixtures)).sort();
  return Promise.all(
    names.map(async name => {
      const spec = parseAllDocuments(
        await fs.readFile(join(fixtures, name, 'case.yaml'), 'utf8'),
      )[0].toJS() as { description: string; render: string };
      const expected = parseAllDocuments(
        await fs.readFile(join(fixtures, name, 'expected.yaml'), 'utf8'),
      ).map(doc => doc.toJS());
      return { name, ...spec, expected };
    }),
  );
}

describe('KustomizeRenderer against kustomize build output', () => {
  it('has the fixture table', async () => {
    expect((await loadCases()).length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    'basic-overlay',
    'components-and-generator-merge',
    'docs-generators',
    'generator-references',
    'json6902-replicas-images',
    'labels-and-ordering',
    'strategic-merge',
  ])('%s', async name => {
    const testCase = (await loadCases()).find(c => c.name === name)!;
    const snapshot = new DirectorySnapshot({
      root: join(fixtures, name),
      revision: 'fixture',
    });
    const objects = await new KustomizeRenderer().render({
      snapshot,
      path: testCase.render,
    });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(
      testCase.expected.map(o => `${o.kind}/${o.metadata.name}`),
    );
    expect(objects).toEqual(testCase.expected);
  });
});
