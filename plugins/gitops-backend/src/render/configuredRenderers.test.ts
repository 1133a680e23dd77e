import { ConfigReader } from '@backstage/config';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import { configuredRenderers } from './configuredRenderers';

describe('configuredRenderers', () => {
  it('adds nothing unless the portal names a binary', () => {
    expect(configuredRenderers(readGitOpsConfig(new ConfigReader({})))).toEqual(
      [],
    );
  });

  it('adds the configured helm and kustomize binaries, helm first', () => {
    const renderers = configuredRenderers(
      readGitOpsConfig(
        new ConfigReader({
          gitops: {
            render: { kustomizeCommand: 'kustomize', helmCommand: 'helm' },
          },
        }),
      ),
    );
    expect(renderers.map(renderer => renderer.name)).toEqual([
      'helm',
      'kustomize-binary',
    ]);
  });
});
