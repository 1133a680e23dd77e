import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  EngineType,
  validateRepositoryPath,
} from '@slipway/plugin-gitops-common';
import { EngineConfig, EnvironmentConfig, GitOpsConfig } from './GitOpsConfig';

const ENVIRONMENT_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DEFAULT_OVERLAY_PATH = 'envs/{environment}';
const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_CONCURRENCY = 8;

/**
 * Reads and checks the `gitops` block. A portal with a broken pipeline must not
 * start half-working, so every problem throws with the config key at fault.
 *
 * @public
 */
export function readGitOpsConfig(root: Config): GitOpsConfig {
  const config = root.getOptionalConfig('gitops');
  const environmentConfigs =
    config?.getOptionalConfigArray('environments') ?? [];

  const engines = readEngines(config);
  const environments: EnvironmentConfig[] = [];
  environmentConfigs.forEach((env, index) => {
    const key = `gitops.environments[${index}]`;
    const name = env.getString('name');
    if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
      throw new Error(
        `${key}.name "${name}" is not a valid environment name: use lowercase letters, digits and dashes`,
      );
    }
    if (environments.some(e => e.name === name)) {
      throw new Error(`${key}.name "${name}" is configured twice`);
    }
    const promotionConfig = env.getOptionalConfig('promotion');
    let promotion: EnvironmentConfig['promotion'];
    if (promotionConfig) {
      const from = promotionConfig.getString('from');
      if (!environments.some(e => e.name === from)) {
        throw new Error(
          `${key}.promotion.from "${from}" must name an environment configured before "${name}"`,
        );
      }
      promotion = {
        from,
        requireHealthySource:
          promotionConfig.getOptionalBoolean('requireHealthySource') ?? false,
      };
    }
    const changes = env.getOptionalString('changes') ?? 'commit';
    if (changes !== 'commit' && changes !== 'pull-request') {
      throw new Error(
        `${key}.changes must be "commit" or "pull-request", got "${changes}"`,
      );
    }
    environments.push({
      name,
      cluster: env.getString('cluster'),
      namespace: env.getOptionalString('namespace'),
      sync: {
        automated: env.getOptionalBoolean('sync.automated') ?? false,
        prune: env.getOptionalBoolean('sync.prune') ?? false,
        selfHeal: env.getOptionalBoolean('sync.selfHeal') ?? false,
      },
      promotion,
      changes,
      protected: env.getOptionalBoolean('protected') ?? false,
      engine: resolveEngine(
        `${key}.engine`,
        env.getOptionalString('engine') ?? 'builtin',
        env.getString('cluster'),
        engines,
      ),
    });
  });

  const overlayPath =
    config?.getOptionalString('overlayPath') ?? DEFAULT_OVERLAY_PATH;
  if (!overlayPath.includes('{environment}')) {
    throw new Error(
      `gitops.overlayPath "${overlayPath}" must contain {environment}`,
    );
  }
  const overlayProblem = validateRepositoryPath(
    overlayPath.replace('{environment}', 'env'),
  );
  if (overlayProblem) {
    throw new Error(`gitops.overlayPath "${overlayPath}" ${overlayProblem}`);
  }

  const concurrency =
    config?.getOptionalNumber('engine.concurrency') ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(
      `gitops.engine.concurrency must be a whole number of at least 1, got ${concurrency}`,
    );
  }

  return {
    environments,
    overlayPath,
    engine: {
      intervalMs: config?.has('engine.interval')
        ? readIntervalMs(config)
        : DEFAULT_INTERVAL_MS,
      concurrency,
    },
    webhooks: { secret: config?.getOptionalString('webhooks.secret') },
    render: {
      kustomizeCommand: config?.getOptionalString('render.kustomizeCommand'),
      helmCommand: config?.getOptionalString('render.helmCommand'),
    },
    cacheDir: config?.getOptionalString('cacheDir'),
  };
}

const ENGINE_TYPES: readonly EngineType[] = ['builtin', 'argocd', 'flux'];
const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

interface EngineEntry {
  name: string;
  type: EngineType;
  cluster?: string;
  namespace?: string;
}

/** `gitops.engines`: named Argo CD and Flux instances environments refer to. */
function readEngines(config: Config | undefined): EngineEntry[] {
  const entries: EngineEntry[] = [];
  (config?.getOptionalConfigArray('engines') ?? []).forEach((entry, index) => {
    const key = `gitops.engines[${index}]`;
    const name = entry.getString('name');
    const type = entry.getString('type') as EngineType;
    if (type !== 'argocd' && type !== 'flux') {
      throw new Error(`${key}.type must be "argocd" or "flux", got "${type}"`);
    }
    if (ENGINE_TYPES.includes(name as EngineType) && name !== type) {
      throw new Error(
        `${key}.name "${name}" is an engine type of its own; name the ${type} instance differently`,
      );
    }
    if (entries.some(e => e.name === name)) {
      throw new Error(`${key}.name "${name}" is configured twice`);
    }
    entries.push({
      name,
      type,
      cluster: entry.getOptionalString('cluster'),
      namespace: entry.getOptionalString('namespace'),
    });
  });
  return entries;
}

/**
 * An environment's `engine`: a type (`builtin`, `argocd`, `flux`: that
 * controller on the environment's own cluster) or a `gitops.engines` name.
 */
function resolveEngine(
  key: string,
  value: string,
  environmentCluster: string,
  engines: EngineEntry[],
): EngineConfig {
  const entry = engines.find(e => e.name === value);
  if (entry) {
    return {
      type: entry.type,
      name: entry.name,
      cluster: entry.cluster ?? environmentCluster,
      namespace:
        entry.namespace ??
        (entry.type === 'argocd' ? DEFAULT_ARGOCD_NAMESPACE : undefined),
    };
  }
  if (!ENGINE_TYPES.includes(value as EngineType)) {
    const named = engines.map(e => `"${e.name}"`).join(', ');
    throw new Error(
      `${key} "${value}" is neither builtin, argocd, flux nor the name of a gitops.engines entry${
        named ? ` (configured: ${named})` : ''
      }`,
    );
  }
  const type = value as EngineType;
  return {
    type,
    name: type,
    cluster: environmentCluster,
    namespace: type === 'argocd' ? DEFAULT_ARGOCD_NAMESPACE : undefined,
  };
}

const SHORT_DURATION_PATTERN = /^(\d+)\s*(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Accepts `60s`/`5m` as in Argo CD's and Flux's configs, or Backstage's duration forms. */
function readIntervalMs(config: Config): number {
  const value = config.getOptional('engine.interval');
  if (typeof value === 'string') {
    const match = SHORT_DURATION_PATTERN.exec(value.trim());
    if (match) {
      return Number(match[1]) * UNIT_MS[match[2]];
    }
  }
  try {
    return durationToMilliseconds(
      readDurationFromConfig(config, { key: 'engine.interval' }),
    );
  } catch (error) {
    throw new Error(
      `gitops.engine.interval is not a duration (e.g. 60s, 5m, PT1M): ${error}`,
    );
  }
}
