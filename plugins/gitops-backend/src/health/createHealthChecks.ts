import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { builtInHealthChecks } from './builtInHealthChecks';
import { healthScriptCheck } from './healthScriptCheck';
import { HealthScript, readArgoCdHealthScripts } from './healthScripts';
import { LuaHealthScriptRunner } from './LuaHealthScriptRunner';
import { readHealthConfig } from './readHealthConfig';

export interface CreateHealthChecksOptions {
  config: Config;
  logger: LoggerService;
  /** Checks added through the extension point: asked before all others. */
  extensionChecks: readonly ResourceHealthCheck[];
  /** Reads a ConfigMap's `data` from a cluster; needed for `gitops.health.argocd`. */
  readConfigMap?: (
    cluster: string,
    namespace: string,
    name: string,
  ) => Promise<Record<string, string> | undefined>;
  /** Re-reads `argocd-cm` on `gitops.health.argocd.refreshInterval` when given. */
  scheduler?: SchedulerService;
}

/**
 * The health checks in the order they are asked: the extension point's,
 * then the Lua scripts of `gitops.health.scripts`, then those of the
 * connected Argo CD's `argocd-cm` (`gitops.health.argocd`), then the
 * built-in rules; kinds none of them supports get the generic rule in
 * `assessHealth`. The Lua VM is loaded only when a script can exist. An
 * `argocd-cm` that cannot be read is logged and retried at the next refresh:
 * health without the scripts beats no backend.
 */
export async function createHealthChecks(
  options: CreateHealthChecksOptions,
): Promise<ResourceHealthCheck[]> {
  const { logger } = options;
  const health = readHealthConfig(options.config);
  const argocd = health.argocd;
  if (health.scripts.length === 0 && !argocd) {
    return [...options.extensionChecks, ...builtInHealthChecks];
  }
  const runner = await LuaHealthScriptRunner.create(health.limits);
  const checks = [
    ...options.extensionChecks,
    healthScriptCheck(() => health.scripts, runner),
  ];
  if (argocd) {
    const { readConfigMap } = options;
    if (!readConfigMap) {
      throw new Error(
        'gitops.health.argocd is configured, but the backend gave no way to read ConfigMaps',
      );
    }
    let argoCdScripts: readonly HealthScript[] = [];
    const where = `ConfigMap ${argocd.namespace}/${argocd.configMap} of cluster ${argocd.cluster}`;
    const refresh = async () => {
      try {
        const data = await readConfigMap(
          argocd.cluster,
          argocd.namespace,
          argocd.configMap,
        );
        const { scripts, problems } = readArgoCdHealthScripts(data ?? {});
        for (const problem of problems) {
          logger.warn(`Argo CD health scripts in ${where}: ${problem}`);
        }
        argoCdScripts = scripts;
        logger.info(
          `Read ${scripts.length} Argo CD health scripts from ${where}`,
        );
      } catch (error) {
        logger.warn(
          `Could not read Argo CD health scripts from ${where}; keeping the ${argoCdScripts.length} read before`,
          error as Error,
        );
      }
    };
    await refresh();
    await options.scheduler?.scheduleTask({
      id: 'gitops-argocd-health-scripts',
      frequency: { milliseconds: argocd.refreshIntervalMs },
      timeout: { seconds: 30 },
      initialDelay: { milliseconds: argocd.refreshIntervalMs },
      // Each replica keeps its own copy of the scripts.
      scope: 'local',
      fn: refresh,
    });
    checks.push(healthScriptCheck(() => argoCdScripts, runner));
  }
  return [...checks, ...builtInHealthChecks];
}
