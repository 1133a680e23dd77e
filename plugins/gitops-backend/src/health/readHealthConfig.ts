import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { HealthScript } from './healthScripts';
import {
  DEFAULT_HEALTH_SCRIPT_LIMITS,
  HealthScriptLimits,
} from './LuaHealthScriptRunner';

/** `gitops.health`: custom health scripts and where else to read them. */
export interface HealthConfig {
  scripts: HealthScript[];
  /** The `argocd-cm` of a connected Argo CD instance to read scripts from. */
  argocd?: {
    cluster: string;
    namespace: string;
    configMap: string;
    refreshIntervalMs: number;
  };
  limits: HealthScriptLimits;
}

/** Reads `gitops.health`; a malformed entry stops the backend with its key. */
export function readHealthConfig(root: Config): HealthConfig {
  const config = root.getOptionalConfig('gitops.health');
  const scripts = (config?.getOptionalConfigArray('scripts') ?? []).map(
    (entry, index) => {
      const kind = entry.getString('kind');
      const group = entry.getOptionalString('group') ?? '';
      const script = entry.getString('lua');
      if (!script.trim()) {
        throw new InputError(`gitops.health.scripts[${index}].lua is empty`);
      }
      return { group, kind, script, source: 'app-config' };
    },
  );
  const argocd = config?.getOptionalConfig('argocd');
  const limits = config?.getOptionalConfig('scriptLimits');
  const positive = (key: string, fallback: number) => {
    const value = limits?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value <= 0) {
      throw new InputError(
        `gitops.health.scriptLimits.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    scripts,
    argocd: argocd && {
      cluster: argocd.getString('cluster'),
      namespace: argocd.getOptionalString('namespace') ?? 'argocd',
      configMap: argocd.getOptionalString('configMap') ?? 'argocd-cm',
      refreshIntervalMs: argocd.has('refreshInterval')
        ? durationToMilliseconds(
            readDurationFromConfig(argocd, { key: 'refreshInterval' }),
          )
        : 5 * 60_000,
    },
    limits: {
      instructions: positive(
        'instructions',
        DEFAULT_HEALTH_SCRIPT_LIMITS.instructions,
      ),
      memoryBytes: positive(
        'memoryBytes',
        DEFAULT_HEALTH_SCRIPT_LIMITS.memoryBytes,
      ),
      timeoutMs: limits?.has('timeout')
        ? durationToMilliseconds(
            readDurationFromConfig(limits, { key: 'timeout' }),
          )
        : DEFAULT_HEALTH_SCRIPT_LIMITS.timeoutMs,
    },
  };
}
