import { ApplicationStatus } from '@slipway/plugin-gitops-common';
import { GitOpsApplication } from '../applications';
import { EnvironmentObservation } from '../database/StatusStore';

const NOT_OBSERVED =
  'Not observed yet: the engine has not refreshed this environment';

/**
 * Joins an application's pipeline with the engine's stored observations.
 * Environments the engine has not seen yet say so instead of guessing.
 */
export function buildApplicationStatus(
  application: GitOpsApplication,
  observations: Map<string, EnvironmentObservation>,
): ApplicationStatus {
  return {
    entityRef: application.entityRef,
    configRepo: application.configRepo,
    environments: application.environments.map(env => {
      const observed = observations.get(env.name);
      return {
        name: env.name,
        cluster: env.cluster,
        namespace: env.namespace,
        overlayPath: env.overlayPath,
        protected: env.protected,
        changes: env.changes,
        // Argo CD's and Flux's own policy decides for the environments they apply.
        automated: observed?.engine?.automated ?? env.sync.automated,
        promotionFrom: env.promotion?.from,
        revision: observed?.revision,
        version: observed?.version,
        image: observed?.image ?? application.image,
        syncStatus: observed?.syncStatus ?? 'Unknown',
        health: observed?.health ?? 'Unknown',
        message: observed ? observed.message : NOT_OBSERVED,
        refreshedAt: observed?.refreshedAt.toISOString(),
        liveVersion: observed?.liveVersion,
        driftCount: observed?.driftCount ?? 0,
        lastSyncedRevision: observed?.lastSyncedRevision,
        // The status stays small: field-level changes are served by the diff endpoint.
        resources: (observed?.resources ?? []).map(
          ({ changes: _changes, ...resource }) => resource,
        ),
        engine: {
          type: env.engine.type,
          name: env.engine.name,
          ...withoutAutomated(
            env.engine.type === 'builtin' ? undefined : observed?.engine,
          ),
        },
      };
    }),
  };
}

function withoutAutomated(engine: EnvironmentObservation['engine']) {
  if (!engine) {
    return {};
  }
  const { automated: _automated, ...shown } = engine;
  return shown;
}
