import { ConfigReader } from '@backstage/config';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import { EngineSetup } from '../engines/EngineSetup';

/**
 * The engine setup of an application `payments` in every environment of a
 * portal's `gitops` block, read as the portal reads it, so tests see the
 * engines' real defaults.
 */
export function engineSetupFor(
  gitops: { environments: unknown[]; engines?: unknown[] },
  overrides: Partial<Omit<EngineSetup, 'environments'>> = {},
): EngineSetup {
  const config = readGitOpsConfig(new ConfigReader({ gitops } as any));
  return {
    application: 'payments',
    repoUrl: 'https://github.com/acme/payments-config.git',
    branch: 'main',
    configPath: '.',
    ...overrides,
    environments: config.environments.map(env => ({
      name: env.name,
      overlayPath: `envs/${env.name}`,
      namespace: env.namespace,
      cluster: env.cluster,
      sync: env.sync,
      engine: env.engine,
    })),
  };
}
