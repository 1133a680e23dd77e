import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { DiffViewer } from './DiffViewer';
import { makeDryRun } from '../__testUtils__/testApi';

describe('DiffViewer', () => {
  it('marks each line of the patch by kind, keeping its prefix', async () => {
    await renderInTestApp(
      <DiffViewer diff={makeDryRun().dryRun.diff} label="Diff of dev" />,
    );
    const region = screen.getByRole('region', { name: 'Diff of dev' });
    expect(region).toHaveAttribute('tabindex', '0');
    const kinds = Array.from(region.querySelectorAll('[data-line]')).map(
      line => [line.getAttribute('data-line'), line.textContent],
    );
    expect(kinds).toEqual([
      [
        'meta',
        'diff --git a/apps/payments/envs/dev/kustomization.yaml b/apps/payments/envs/dev/kustomization.yaml',
      ],
      ['meta', '--- a/apps/payments/envs/dev/kustomization.yaml'],
      ['meta', '+++ b/apps/payments/envs/dev/kustomization.yaml'],
      ['hunk', '@@ -4,3 +4,3 @@ images:'],
      ['context', '   - name: ghcr.io/acme/payments'],
      ['removed', '-    newTag: 1.4.0'],
      ['added', '+    newTag: 1.5.0'],
    ]);
    expect(
      within(screen.getByRole('list', { name: 'Changed files' })).getByRole(
        'listitem',
      ),
    ).toHaveTextContent('apps/payments/envs/dev/kustomization.yaml (modified)');
  });

  it('says so when nothing would change', async () => {
    await renderInTestApp(<DiffViewer diff={undefined} label="Diff" />);
    expect(screen.getByTestId('diff-empty')).toHaveTextContent(
      'The overlay would not change.',
    );
    expect(screen.queryByRole('region')).toBeNull();
  });
});
