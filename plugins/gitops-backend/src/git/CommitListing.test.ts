import { CommitListing } from './CommitListing';
import { TreeEntry } from './parseLsTree';

function tree(path: string): TreeEntry {
  return { mode: '040000', type: 'tree', oid: `t-${path}`, path };
}
function blob(path: string): TreeEntry {
  return { mode: '100644', type: 'blob', oid: `b-${path}`, path };
}

describe('CommitListing', () => {
  const entries = [
    tree('apps'),
    tree('apps/web'),
    blob('apps/web/kustomization.yaml'),
    tree('apps/web/base'),
    blob('apps/web/base/deployment.yaml'),
    tree('apps/web-2'),
    blob('apps/web-2/kustomization.yaml'),
    blob('README.md'),
  ];
  // The order ls-tree gives is not relied on.
  const listing = CommitListing.of([...entries].reverse());
  const pathsUnder = (path: string) =>
    listing
      .under(path)
      .map(e => e.path)
      .sort();

  it('gives a folder, what lies below it and the folders above it', () => {
    expect(pathsUnder('apps/web')).toEqual([
      'apps',
      'apps/web',
      'apps/web/base',
      'apps/web/base/deployment.yaml',
      'apps/web/kustomization.yaml',
    ]);
  });

  it('does not take a sibling that only shares a prefix', () => {
    expect(listing.under('apps/web').map(e => e.path)).not.toContain(
      'apps/web-2/kustomization.yaml',
    );
  });

  it('gives a single file with its folders', () => {
    expect(pathsUnder('apps/web/base/deployment.yaml')).toEqual([
      'apps',
      'apps/web',
      'apps/web/base',
      'apps/web/base/deployment.yaml',
    ]);
  });

  it('gives only the existing folders above a missing path', () => {
    expect(listing.under('apps/api/envs').map(e => e.path)).toEqual(['apps']);
  });

  it('gives everything for the root', () => {
    expect(listing.under('')).toHaveLength(entries.length);
  });

  it('agrees with a filter of the whole listing', () => {
    const filter = (path: string) =>
      entries
        .filter(
          e =>
            e.path === path ||
            e.path.startsWith(`${path}/`) ||
            path.startsWith(`${e.path}/`),
        )
        .map(e => e.path)
        .sort();
    for (const path of ['apps', 'apps/web/base', 'README.md', 'nope']) {
      expect(pathsUnder(path)).toEqual(filter(path));
    }
  });
});
